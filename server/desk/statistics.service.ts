import type { RequestContext } from '../auth/context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { assertMayReadStatistics } from '../policies/statistics.policy.js';
import { parseId } from '../shared/ids.js';
import { readStatistics, type TicketStatisticsRow } from './statistics.rows.js';

/** The longest period asked at once: five years (leap days included). */
const MAX_PERIOD_MS = (5 * 365 + 2) * 24 * 3600 * 1000;

/**
 * A department's figures (all departments: null) for the tickets created in [from, to), computed in
 * one SQL statement over the tickets and their history, no second store (statistics.rows.ts says how).
 * Supervisors of the department and admins only; a period of at most 5 years, ending after it starts.
 */
export async function ticketStatistics(
  ctx: RequestContext,
  departmentId: string | null | undefined,
  from: Date,
  to: Date,
): Promise<TicketStatisticsRow> {
  const department = departmentId == null ? null : parseId('Department', departmentId);
  assertMayReadStatistics(ctx.viewer, department);
  if (!(to.getTime() > from.getTime())) throw new BadInputError('to must be after from', 'to');
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS) throw new BadInputError('The period must be at most 5 years', 'to');
  if (department !== null) {
    const known = await ctx.em.execute<{ id: number }[]>('select id from department where id = ?', [department]);
    if (!known.length) throw new NotFoundError('Department');
  }
  return readStatistics(ctx.em, department, from, to);
}
