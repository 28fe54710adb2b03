import { NotFoundError } from '../errors.js';

/** Turns a GraphQL ID into our integer key; anything else is simply "not found" (nothing to probe). */
export function parseId(what: string, id: string | number): number {
  const n = typeof id === 'number' ? id : /^\d{1,10}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) throw new NotFoundError(what, String(id).slice(0, 20));
  return n;
}
