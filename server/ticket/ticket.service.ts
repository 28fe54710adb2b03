import type { RequestContext } from '../auth/context.js';
import { NotFoundError } from '../errors.js';
import { parseId } from '../shared/ids.js';
import { readTickets, type TicketRow } from './ticket.rows.js';

/** Longest subject and message accepted (docs/api.md, "Texts"). */
export const LIMITS = { subject: 200, message: 100_000 } as const;

/**
 * The ticket of that number if the viewer may read it (even subject-only); else NOT_FOUND, as for a
 * number that does not exist. One statement, judged and primed for its fields (ticket.rows.ts).
 */
export async function findReadableTicket(ctx: RequestContext, id: string | number): Promise<TicketRow> {
  const read = (await readTickets(ctx, { where: 't.id = ?', params: [parseId('Ticket', id)], plan: 'generic' })).at(0);
  if (!read || read.access.level === 'NONE') throw new NotFoundError('Ticket', id);
  return read.row;
}
