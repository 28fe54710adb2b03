import type { RequestContext } from '../auth/context.js';
import { NotFoundError } from '../errors.js';
import { ticketAccess } from '../policies/ticket-access.js';
import { parseId } from '../shared/ids.js';
import { Ticket } from './ticket.entity.js';

/** Longest subject and message accepted (api.md bad-input rules). */
export const LIMITS = { subject: 200, message: 100_000 } as const;

/** The ticket of that number if the viewer may read it (even subject-only); else NOT_FOUND, as for a number that does not exist. */
export async function findReadableTicket(ctx: RequestContext, id: string | number): Promise<Ticket> {
  const ticket = await ctx.em.findOne(Ticket, { id: parseId('Ticket', id) });
  if (!ticket || (await ticketAccess(ctx, ticket)).level === 'NONE') throw new NotFoundError('Ticket', id);
  return ticket;
}
