import type { RequestContext } from '../auth/context.js';
import { Department } from '../model/department.entity.js';
import { NotFoundError } from '../errors.js';
import { parseId } from '../shared/ids.js';
import { findReadableTicket } from '../ticket/ticket.service.js';
import type { LiveFilter } from './judge.js';

/** The ids a subscription (or the catch-up query) names, as the client sent them. */
export interface FilterArgs {
  ticketId?: string | null;
  departmentId?: string | null;
}

/**
 * Checks what a subscription names before it starts: a ticket the viewer may not read answers
 * NOT_FOUND exactly like one that does not exist (the same path as `ticket(id)`); an unknown
 * department answers NOT_FOUND too.
 */
export async function resolveFilter(ctx: RequestContext, kind: LiveFilter['kind'], args: FilterArgs): Promise<LiveFilter> {
  const ticketId = args.ticketId == null ? null : (await findReadableTicket(ctx, args.ticketId)).id;
  let departmentId: number | null = null;
  if (args.departmentId != null) {
    departmentId = parseId('Department', args.departmentId);
    if (!(await ctx.em.count(Department, { id: departmentId }))) throw new NotFoundError('Department', args.departmentId);
  }
  return { kind, ticketId, departmentId };
}
