import type { RequestContext } from '../auth/context.js';
import type { CategoryRecord } from '../model/category.entity.js';
import { catalogueRows, categoryJsonSql, departmentJsonSql } from '../catalogue/category.rows.js';
import type { DepartmentRecord } from '../model/department.entity.js';
import { Reference } from '@mikro-orm/core';
import { NotFoundError } from '../errors.js';
import { INVITATIONS_SQL, judgeRead, knownAccess, ticketAccess, type TicketAccess } from '../policies/ticket-access.js';
import type { UserRecord } from '../model/user.entity.js';
import { epochMs } from '../shared/sql.js';
import { userJsonSql, userRows } from '../user/user.rows.js';
import type { Ticket, TicketRecord } from '../model/ticket.entity.js';
import { DESK_FLAGS, TICKETS_FROM } from './ticket-filter.js';
import { ticketLoaders } from './ticket.loaders.js';
import { EVERY_PART, TICKET_PARTS, type TicketPart, type TicketParts } from './ticket-parts.js';
import { runPrepared, type PlanChoice } from '../db/prepared.js';

/**
 * Tickets read for display by one SQL statement into plain rows (no entity, no unit of work): the
 * ticket with the parts its query selects (owner, manager, category, department: ticket-parts.ts)
 * joined, what judging the viewer's access needs (the department's confidentiality, the invitations)
 * and their watch flag. Lists and the view read this way; actions keep entities (lifecycle/).
 */

/** A ticket read by SQL: its related rows by id (the parts it read are primed in the request's loaders). */
export type TicketRow = TicketRecord;

/** Rows of a read without a limit of its own (a page always has one). */
const MAX_ROWS = 1000;

/** The LIMITs a generic-plan page is written with: a page of 10, 20, 25, 50 or 100 (and one more, to tell a next page). */
const LIMITS = [11, 21, 26, 51, 101];

const TIMES = ['created_at', 'updated_at', 'last_activity_at', 'recall_at', 'closure_requested_at', 'ended_at'] as const;

/** The columns every read selects over TICKETS_FROM; its one parameter, first, is the viewer's id (the watch flag). */
const SELECT = `t.id, t.subject, t.status, t.priority, t.visibility, t.origin, t.creator_id,
  ${TIMES.map((c) => `${epochMs(`t.${c}`)} as ${c}`).join(', ')}, t.spent_minutes,
  t.owner_id, t.manager_id, t.category_id, t.department_id, d.confidential,
  ${INVITATIONS_SQL} as invitations,
  exists (select 1 from watcher w where w.ticket_id = t.id and w.user_id = ?) as watching`;

/** Each part's column (a JSON value in the shape of its record) and join (`d` is in TICKETS_FROM already). */
const PART_SQL: Record<TicketPart, { column: string; join?: string }> = {
  owner: { column: `${userJsonSql('row_owner')} as owner`, join: 'join app_user row_owner on row_owner.id = t.owner_id' },
  manager: {
    column: `case when row_manager.id is null then null else ${userJsonSql('row_manager')} end as manager`,
    join: 'left join app_user row_manager on row_manager.id = t.manager_id',
  },
  category: {
    column: `${categoryJsonSql('row_category')} as category`,
    join: 'join category row_category on row_category.id = t.category_id',
  },
  department: { column: `${departmentJsonSql('d')} as department` },
};

/** The columns and joins of a set of parts, in TICKET_PARTS order: one text per set (16 at most), built once. */
const PARTS_SQL = new Map<string, { columns: string; joins: string }>();

function partsSql(parts: TicketParts): { columns: string; joins: string } {
  const chosen = TICKET_PARTS.filter((p) => parts.has(p));
  const key = chosen.join();
  let sql = PARTS_SQL.get(key);
  if (!sql) {
    const columns = chosen.map((p) => `, ${PART_SQL[p].column}`).join('');
    const joins = chosen.flatMap((p) => PART_SQL[p].join ?? []).join(' ');
    PARTS_SQL.set(key, (sql = { columns, joins }));
  }
  return sql;
}

/** The row as SQL returns it: a part's JSON only when it was read. */
interface RawTicketRow {
  id: number;
  subject: string;
  status: TicketRecord['status'];
  priority: number;
  visibility: TicketRecord['visibility'];
  origin: TicketRecord['origin'];
  creator_id: number;
  created_at: number;
  updated_at: number;
  last_activity_at: number;
  recall_at: number | null;
  closure_requested_at: number | null;
  ended_at: number | null;
  spent_minutes: number;
  owner_id: number;
  manager_id: number | null;
  category_id: number;
  department_id: number;
  confidential: boolean;
  owner?: UserRecord;
  manager?: UserRecord | null;
  category?: CategoryRecord;
  department?: DepartmentRecord;
  invitations: [number, number][];
  watching: boolean;
  bookmarked: boolean;
  unread: boolean;
}

/**
 * Reads tickets: `select <row> [, extra] from ticket t … where <where> [order by <order> limit <limit>]`,
 * the where and order over `t` and `d`, with the parts asked (every one unless said). A page (with
 * `order`) is chosen first on the ticket and its department alone, and only its rows are joined to
 * their parts: a search judges hundreds of candidates to keep 25. Every row is judged for the viewer
 * and primes the request's loaders (the parts read, watch flag, access), so its field resolvers answer
 * without a statement or a promise; a part not read is answered by its loader, batched over the page.
 */
export async function readTickets(
  ctx: RequestContext,
  query: { extra?: string; where: string; order?: string; limit?: number; params: unknown[]; parts?: TicketParts; plan?: PlanChoice },
): Promise<{ row: TicketRow; access: TicketAccess; extra: Record<string, unknown> }[]> {
  const bookmarked = DESK_FLAGS.bookmarked(ctx.viewer);
  const unread = DESK_FLAGS.unread(ctx.viewer);
  const parts = partsSql(query.parts ?? EVERY_PART);
  const columns = `${SELECT}${parts.columns}, ${bookmarked.sql} as bookmarked, ${unread.sql} as unread${query.extra ? `, ${query.extra}` : ''}`;
  const params = [ctx.viewer.userId, ...bookmarked.params, ...unread.params, ...query.params];
  const limit = query.limit ?? MAX_ROWS;
  // A generic plan must see its LIMIT: as a parameter, PostgreSQL plans for a tenth of the table (a
  // sort of every readable ticket). Rounded up to a few sizes, so a handful of texts serve every page.
  const limitSql = query.plan === 'generic' ? String(LIMITS.find((l) => l >= limit) ?? limit) : '?';
  const raws = await runPrepared<(RawTicketRow & Record<string, unknown>)[]>(
    ctx.em,
    query.order
      ? `select ${columns} from (select t.id ${TICKETS_FROM} where ${query.where} order by ${query.order} limit ${limitSql}) page
         join ticket t on t.id = page.id join department d on d.id = t.department_id ${parts.joins} order by ${query.order}`
      : `select ${columns} ${TICKETS_FROM} ${parts.joins} where ${query.where}`,
    query.order && limitSql === '?' ? [...params, limit] : params,
    query.plan,
  );
  const users = userRows(ctx);
  const { categories, departments } = catalogueRows(ctx);
  const { watching, desk } = ticketLoaders(ctx);
  // A generic-plan page may have read up to its rounded LIMIT: the caller gets the rows it asked for.
  return (query.order ? raws.slice(0, limit) : raws).map((raw) => {
    if (raw.owner) users.prime(raw.owner.id, raw.owner);
    if (raw.manager) users.prime(raw.manager.id, raw.manager);
    if (raw.category) categories.prime(raw.category.id, raw.category);
    if (raw.department) departments.prime(raw.department.id, raw.department);
    watching.prime(raw.id, raw.watching);
    desk.prime(raw.id, { bookmarked: raw.bookmarked, unread: raw.unread });
    const row = rowOf(raw);
    return { row, access: judgeRead(ctx, row, raw.confidential, raw.invitations), extra: raw };
  });
}

/**
 * The viewer's standing on the ticket of a history entry or file: judged already when the view or a
 * list read it (no statement), else from the entity's ticket (mutation results, live payloads) or its row.
 */
export async function accessByRef(ctx: RequestContext, ticket: { id: number }): Promise<TicketAccess> {
  const known = knownAccess(ctx, ticket.id);
  if (known) return known;
  if (Reference.isReference<Ticket>(ticket)) return ticketAccess(ctx, (await ticket.load({ dataloader: true }))!);
  const read = (await readTickets(ctx, { where: 't.id = ?', params: [ticket.id], plan: 'generic' })).at(0);
  if (!read) throw new NotFoundError('Ticket', ticket.id);
  return read.access;
}

function rowOf(raw: RawTicketRow): TicketRow {
  return {
    id: raw.id,
    subject: raw.subject,
    status: raw.status,
    priority: raw.priority,
    visibility: raw.visibility,
    origin: raw.origin,
    // A part read whole (as before parts existed), else its id: field resolvers go through the loaders either way.
    owner: raw.owner ?? { id: raw.owner_id },
    creator: { id: raw.creator_id },
    manager: raw.manager !== undefined ? raw.manager : raw.manager_id === null ? null : { id: raw.manager_id },
    category: raw.category ?? { id: raw.category_id },
    department: raw.department ?? { id: raw.department_id },
    createdAt: new Date(raw.created_at),
    updatedAt: new Date(raw.updated_at),
    lastActivityAt: new Date(raw.last_activity_at),
    recallAt: dateOf(raw.recall_at),
    closureRequestedAt: dateOf(raw.closure_requested_at),
    endedAt: dateOf(raw.ended_at),
    spentMinutes: raw.spent_minutes,
  };
}

function dateOf(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
