import type { MiddlewareFn } from 'type-graphql';
import { BadInputError } from '../errors.js';

/**
 * PostgreSQL text cannot hold NUL characters: any argument carrying one is refused here, once for
 * every query and mutation, instead of failing deep in SQL as an internal error.
 */
export const rejectNul: MiddlewareFn = async ({ args, info }, next) => {
  if (info.parentType.name === 'Query' || info.parentType.name === 'Mutation') {
    const field = findNul(args, '');
    if (field !== null) throw new BadInputError(`${field} must not contain NUL characters`, field);
  }
  const result: unknown = await next();
  return result;
};

function findNul(value: unknown, key: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? key : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findNul(item, key);
      if (found !== null) return found;
    }
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, k);
      if (found !== null) return found;
    }
  }
  return null;
}
