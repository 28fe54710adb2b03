import type { RequestContext } from '../auth/context.js';
import { BadInputError } from '../errors.js';
import { toSql } from '../policies/clause.js';
import { readableTicketsSql } from '../policies/ticket.policy.js';
import { TicketEvent } from '../model/ticket-event.entity.js';
import { INVOLVED, reach, type LiveFilter } from './judge.js';
import { entryFactsOf, factsWith, loadCircles } from './live-event.js';
import { statusChangeOf, statusOnlyEntry, type TicketStatusChange } from './live.types.js';

/** Most changes one catch-up call returns. */
export const MAX_MISSED = 500;

/**
 * The status changes a subscription with `filter` would have delivered after entry `afterEventId`,
 * oldest first: what a client that reconnects fetches before it subscribes again. Rows are
 * narrowed in SQL, then judged by the very function that judges live events.
 */
export async function missedStatusChanges(
  ctx: RequestContext,
  filter: LiveFilter,
  afterEventId: string,
  first: number,
): Promise<TicketStatusChange[]> {
  if (!/^\d{1,18}$/.test(afterEventId)) throw new BadInputError('afterEventId must be the id of a history entry', 'afterEventId');
  if (!Number.isInteger(first) || first < 1 || first > MAX_MISSED)
    throw new BadInputError(`first must be between 1 and ${MAX_MISSED}`, 'first');
  const { sql, params } = candidatesSql(ctx, filter);
  const changes: TicketStatusChange[] = [];
  let after = afterEventId;
  for (;;) {
    const batch = first - changes.length;
    const rows = await ctx.em.execute<{ id: string }[]>(
      `select e.id::text as id from ticket_event e join ticket t on t.id = e.ticket_id join department d on d.id = t.department_id
       where e.id > ? and e.status_before is distinct from e.status_after and ${sql} order by e.id limit ?`,
      [after, ...params, batch],
    );
    if (rows.length === 0) return changes;
    const entries = await ctx.em.find(
      TicketEvent,
      { id: { $in: rows.map((r) => r.id) } },
      { populate: ['ticket.department'], orderBy: { id: 'asc' } },
    );
    const circles = await loadCircles(ctx.em, [...new Set(entries.map((e) => e.ticket.id))]);
    for (const entry of entries) {
      const ticket = entry.ticket.getEntity();
      const circle = circles.get(ticket.id)!;
      const level = reach(ctx.viewer, filter, entryFactsOf(entry), factsWith(ticket, circle), circle.watcherIds);
      if (level) changes.push(statusChangeOf(ticket, level === 'ENTRY' ? entry : statusOnlyEntry(entry)));
    }
    if (changes.length >= first || rows.length < batch) return changes;
    after = rows.at(-1)!.id;
  }
}

// The tickets the filter names and the viewer may read (the judgement then decides entry by entry).
function candidatesSql(ctx: RequestContext, filter: LiveFilter): { sql: string; params: unknown[] } {
  const readable = readableTicketsSql(ctx.viewer);
  const parts = [readable.sql];
  const params = [...readable.params];
  if (filter.ticketId !== null) {
    parts.push('t.id = ?');
    params.push(filter.ticketId);
  }
  if (filter.departmentId !== null) {
    parts.push('t.department_id = ?');
    params.push(filter.departmentId);
  }
  if (filter.ticketId === null && filter.departmentId === null) {
    // The circle live events judge by (judge.ts).
    const involved = toSql(INVOLVED, ctx.viewer);
    parts.push(involved.sql);
    params.push(...involved.params);
  }
  return { sql: parts.join(' and '), params };
}
