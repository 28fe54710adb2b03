import type { RequestContext } from '../auth/context.js';
import { priority } from '../catalogue/catalogue.service.js';
import { NotFoundError } from '../errors.js';
import { canNameCategory, canNameDepartment, canNamePerson } from '../policies/ticket-filter.policy.js';
import { toSql } from '../policies/clause.js';
import { readableEntrySql } from '../policies/desk.policy.js';
import type { Viewer } from '../auth/viewer.js';
import { INVITEE, OWNER, WATCHER } from '../policies/read-rules.js';
import { departmentQueueSql, readableTicketsSql } from '../policies/ticket.policy.js';
import { parseId } from '../shared/ids.js';
import { Involvement } from '../model/ticket.enums.js';
import type { ListOrder } from './ticket-cursor.js';
import { ticketSearchSql, type SearchSql } from './ticket-search.js';
import type { TicketStatus } from '../model/ticket-status.js';
import { runPrepared } from '../db/prepared.js';
import { perObject } from '../shared/per-object.js';

/** Which tickets a list or a count covers, as the read side takes it (the GraphQL TicketFilter input is one). */
export interface ListFilter {
  involvement?: Involvement | null;
  statuses?: TicketStatus[] | null;
  departmentId?: string | null;
  categoryId?: string | null;
  search?: string | null;
  managerId?: string | null;
  ownerId?: string | null;
  priorities?: number[] | null;
  unassigned?: boolean | null;
  bookmarked?: boolean | null;
  unread?: boolean | null;
  orderBy?: ListOrder | null;
}

/** A piece of SQL with its positional parameters. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** What every ticket read path selects from: the department is joined for its confidentiality (readableTicketsSql). */
export const TICKETS_FROM = 'from ticket t join department d on d.id = t.department_id';

/**
 * A filter turned into SQL, and whether it searches (searches count with a cap). For a search,
 * `counting` is the same condition split for a count within a budget: `cheap` (the filter and the
 * search's candidates) selects what is judged, `judged` (the words) says which match.
 */
export interface FilterSql extends SqlPart {
  searching: boolean;
  counting?: { cheap: SqlPart; judged: SqlPart };
}

/**
 * Checks a filter (priorities in range, every id known and visible to the viewer) and turns it into
 * one condition over `t` and `d`, always within what the viewer may read. tickets() and
 * ticketCounts() share it, so a list and its counts can never disagree.
 */
export async function ticketFilterSql(
  ctx: RequestContext,
  filter: ListFilter,
  override: { statuses?: readonly TicketStatus[] } = {},
): Promise<FilterSql> {
  const statuses = override.statuses ?? filter.statuses;
  const priorities = filter.priorities?.map((p) => priority('priorities', p));
  const ids = await namedIds(ctx, filter);
  const me = ctx.viewer.userId;
  const readable = readableTicketsSql(ctx.viewer);
  const parts = [readable.sql];
  const params = [...readable.params];
  const add = (part: SqlPart): void => {
    parts.push(part.sql);
    params.push(...part.params);
  };
  const where = (sql: string, ...values: unknown[]): void => add({ sql, params: values });
  // The viewer's relations to a ticket, as the read rules write them (policies/read-rules.ts).
  switch (filter.involvement) {
    case Involvement.OWNER:
      add(toSql(OWNER, ctx.viewer));
      break;
    case Involvement.INVITED:
      add(toSql(INVITEE, ctx.viewer));
      break;
    case Involvement.MANAGER:
      where('t.manager_id = ?', me);
      break;
    case Involvement.DEPARTMENT:
      add(departmentQueueSql(ctx.viewer));
      break;
    case Involvement.WATCHING:
      add(toSql(WATCHER, ctx.viewer));
      break;
    default:
      break;
  }
  if (statuses?.length) where('t.status = any(?::text[])', `{${statuses.join(',')}}`);
  if (ids.departmentId) where('t.department_id = ?', ids.departmentId);
  if (ids.categoryId) where(`t.category_id in (${SUBTREE})`, ids.categoryId);
  if (ids.managerId) where('t.manager_id = ?', ids.managerId);
  if (ids.ownerId) where('t.owner_id = ?', ids.ownerId);
  if (priorities?.length) where('t.priority = any(?::int[])', `{${priorities.join(',')}}`);
  if (filter.unassigned != null) where(filter.unassigned ? 't.manager_id is null' : 't.manager_id is not null');
  for (const flag of ['bookmarked', 'unread'] as const) {
    const value = filter[flag];
    if (value == null) continue;
    const part = DESK_FLAGS[flag](ctx.viewer);
    add({ sql: value ? part.sql : `not ${part.sql}`, params: part.params });
  }
  const search = filter.search?.trim();
  if (!search) return { sql: parts.join(' and '), params, searching: false };
  const found = await searchSql(ctx, search);
  const cheap = found.restrict ? [...parts, found.restrict.sql] : parts;
  const counting = { cheap: { sql: cheap.join(' and '), params: [...params, ...(found.restrict?.params ?? [])] }, judged: found.judged };
  add(found);
  return { sql: parts.join(' and '), params, searching: true, counting };
}

/**
 * The viewer's desk marks of the ticket `t` (server/desk/), as SQL evaluated in the list statement itself
 * (no query per row): bookmarked, and unread — an entry by someone else, visible to the viewer, newer
 * than their last look (never looked: any such entry). A mail-delivery alert (MAIL_FAILED) is about our
 * mail, not news on the ticket: it would turn a ticket just read bold again seconds later.
 */
export const DESK_FLAGS: Record<'bookmarked' | 'unread', (viewer: Viewer) => SqlPart> = {
  bookmarked: perObject((viewer) => ({
    sql: 'exists (select 1 from ticket_bookmark b where b.ticket_id = t.id and b.user_id = ?)',
    params: [viewer.userId],
  })),
  unread: perObject((viewer) => {
    const readable = readableEntrySql(viewer);
    return {
      sql: `exists (select 1 from ticket_event e where e.ticket_id = t.id and e.actor_id is distinct from ? and e.type <> 'MAIL_FAILED'
        and e.at > coalesce((select r.read_at from ticket_read r where r.ticket_id = t.id and r.user_id = ?), '-infinity')
        and ${readable.sql})`,
      params: [viewer.userId, viewer.userId, ...readable.params],
    };
  }),
};

// The category and every category below it, however deep (UNION, not UNION ALL: a cycle in the tree still ends).
const SUBTREE = `with recursive sub(id) as (select ?::int union select c.id from category c join sub on c.parent_id = sub.id) select id from sub`;

// "53350", "#53350" or "n°53350": the number of a ticket, found besides the words.
const NUMBER = /^(?:#|n°\s*)?(\d{1,10})$/i;

async function searchSql(ctx: RequestContext, search: string): Promise<SearchSql> {
  const words = await ticketSearchSql(ctx.em, ctx.viewer, search);
  const number = NUMBER.exec(search)?.[1];
  if (!number || Number(number) > 2_147_483_647) return words;
  const id = Number(number);
  const or = (part: SqlPart): SqlPart => ({ sql: `(t.id = ? or ${part.sql})`, params: [id, ...part.params] });
  const restrict = words.restrict && or(words.restrict);
  return { ...or(words), way: words.way, restrict, judged: or(words.judged) };
}

interface NamedIds {
  departmentId?: number;
  categoryId?: number;
  managerId?: number;
  ownerId?: number;
}

interface NamedRow {
  department: { id: number; enabled: boolean } | null;
  category: { departmentId: number; enabled: boolean; hidden: boolean; departmentEnabled: boolean } | null;
  manager: { id: number; provisional: boolean } | null;
  owner: { id: number; provisional: boolean } | null;
}

/** Reads every id the filter names in one statement; unknown or not for this viewer's eyes → NOT_FOUND. */
async function namedIds(ctx: RequestContext, filter: ListFilter): Promise<NamedIds> {
  const ids: NamedIds = {
    departmentId: filter.departmentId != null ? parseId('Department', filter.departmentId) : undefined,
    categoryId: filter.categoryId != null ? parseId('Category', filter.categoryId) : undefined,
    managerId: filter.managerId != null ? parseId('User', filter.managerId) : undefined,
    ownerId: filter.ownerId != null ? parseId('User', filter.ownerId) : undefined,
  };
  if (Object.values(ids).every((id) => id === undefined)) return ids;
  const person = `(select json_build_object('id', u.id, 'provisional', u.provisional) from app_user u where u.id = ?)`;
  const rows = await runPrepared<NamedRow[]>(
    ctx.em,
    `select (select json_build_object('id', d.id, 'enabled', d.enabled) from department d where d.id = ?) as department,
       (select json_build_object('departmentId', c.department_id, 'enabled', c.enabled, 'hidden', c.hidden, 'departmentEnabled', d.enabled)
          from category c join department d on d.id = c.department_id where c.id = ?) as category,
       ${person} as manager, ${person} as owner`,
    [ids.departmentId ?? 0, ids.categoryId ?? 0, ids.managerId ?? 0, ids.ownerId ?? 0],
  );
  const row = rows.at(0);
  const { viewer } = ctx;
  if (ids.departmentId && !(row?.department && canNameDepartment(viewer, row.department))) throw new NotFoundError('Department');
  if (ids.categoryId && !(row?.category && canNameCategory(viewer, row.category))) throw new NotFoundError('Category');
  for (const key of ['managerId', 'ownerId'] as const) {
    const named = row?.[key === 'managerId' ? 'manager' : 'owner'];
    if (ids[key] && !(named && canNamePerson(viewer, named))) throw new NotFoundError('User');
  }
  return ids;
}
