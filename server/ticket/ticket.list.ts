import type { RequestContext } from '../auth/context.js';
import { BadInputError } from '../errors.js';
import { readableTicketsSql } from '../policies/ticket.policy.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { parseId } from '../shared/ids.js';
import { Ticket } from './ticket.entity.js';
import { Involvement } from './ticket.enums.js';
import type { TicketFilter } from './ticket.inputs.js';
import { ticketSearchSql } from './ticket.search.js';

/** One page of a keyset-paginated list, newest activity first. */
export interface TicketPage {
  tickets: Ticket[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Largest page a client may ask for. */
export const MAX_PAGE = 100;

/**
 * Lists what the viewer may read, filtered; a constant number of queries whatever the page size
 * (ids, count, then the page with its owner, category and manager joined).
 */
export async function listTickets(
  ctx: RequestContext,
  filter: TicketFilter = {},
  first = 20,
  after?: string | null,
  scope: { ownerId?: number; excludeId?: number } = {},
): Promise<TicketPage> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE)
    throw new BadInputError(`first must be between 0 and ${MAX_PAGE}`, 'first');
  const where = filterSql(ctx, filter);
  if (scope.ownerId !== undefined) {
    where.sql += ' and t.owner_id = ?';
    where.params.push(scope.ownerId);
  }
  if (scope.excludeId !== undefined) {
    where.sql += ' and t.id <> ?';
    where.params.push(scope.excludeId);
  }
  const keyset = after ? decodeCursor(after) : null;
  const pageWhere = keyset
    ? { sql: `${where.sql} and (t.last_activity_at, t.id) < (?::timestamptz, ?)`, params: [...where.params, keyset.at, keyset.id] }
    : where;
  const from = 'from ticket t join department d on d.id = t.department_id';
  const [rows, counted] = await Promise.all([
    ctx.em.execute<{ id: number; at: string }[]>(
      `select t.id, to_char(t.last_activity_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at ${from} where ${pageWhere.sql} order by t.last_activity_at desc, t.id desc limit ?`,
      [...pageWhere.params, first + 1],
    ),
    ctx.em.execute<{ n: string }[]>(`select count(*) as n ${from} where ${where.sql}`, where.params),
  ]);
  const page = rows.slice(0, first);
  const loaded = page.length
    ? await ctx.em.find(Ticket, { id: { $in: page.map((r) => r.id) } }, { populate: ['owner', 'category', 'manager'] })
    : [];
  const byId = new Map(loaded.map((t) => [t.id, t]));
  return {
    tickets: page.map((r) => byId.get(r.id)!),
    cursors: page.map((r) => encodeCursor(r.at, r.id)),
    hasNextPage: rows.length > first,
    totalCount: Number(counted[0]?.n ?? 0),
  };
}

function filterSql(ctx: RequestContext, filter: TicketFilter): { sql: string; params: unknown[] } {
  const me = ctx.viewer.user.id;
  const readable = readableTicketsSql(ctx.viewer);
  const parts = [readable.sql];
  const params = [...readable.params];
  const add = (sql: string, ...values: unknown[]): void => {
    parts.push(sql);
    params.push(...values);
  };
  switch (filter.involvement) {
    case Involvement.OWNER:
      add('t.owner_id = ?', me);
      break;
    case Involvement.INVITED:
      add('exists (select 1 from invitation i where i.ticket_id = t.id and i.user_id = ?)', me);
      break;
    case Involvement.MANAGER:
      add('t.manager_id = ?', me);
      break;
    case Involvement.DEPARTMENT:
      add('t.department_id = any(?::int[])', `{${[...ctx.viewer.memberships.keys()].join(',')}}`);
      break;
    case Involvement.WATCHING:
      add('exists (select 1 from watcher w where w.ticket_id = t.id and w.user_id = ?)', me);
      break;
    default:
      break;
  }
  if (filter.statuses?.length) add('t.status = any(?::text[])', `{${filter.statuses.join(',')}}`);
  if (filter.departmentId) add('t.department_id = ?', parseId('Department', filter.departmentId));
  if (filter.categoryId) add('t.category_id = ?', parseId('Category', filter.categoryId));
  const search = filter.search?.trim();
  if (search) {
    const s = ticketSearchSql(ctx.viewer, search);
    add(s.sql, ...s.params);
  }
  return { sql: parts.join(' and '), params };
}
