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
import { runPrepared } from '../db/prepared.js';

/**
 * Tickets read for display by one SQL statement into plain rows (no entity, no unit of work): the
 * ticket with its owner, manager, category and department joined, what judging the viewer's access
 * needs (the department's confidentiality, the invitations) and their watch flag. Lists and the view
 * read this way; actions keep entities (lifecycle/).
 */

/** A ticket read by SQL, its owner, manager, category and department whole. */
export interface TicketRow extends TicketRecord {
  owner: UserRecord;
  manager: UserRecord | null;
  category: CategoryRecord;
  department: DepartmentRecord;
}

/** Rows of a read without a limit of its own (a page always has one). */
const MAX_ROWS = 1000;

const TIMES = ['created_at', 'updated_at', 'last_activity_at', 'recall_at', 'closure_requested_at', 'ended_at'] as const;

/** The columns and joins of a read over TICKETS_FROM; its one parameter, first, is the viewer's id (the watch flag). */
const SELECT = `t.id, t.subject, t.status, t.priority, t.visibility, t.origin, t.creator_id,
  ${TIMES.map((c) => `${epochMs(`t.${c}`)} as ${c}`).join(', ')}, t.spent_minutes,
  ${userJsonSql('row_owner')} as owner,
  case when row_manager.id is null then null else ${userJsonSql('row_manager')} end as manager,
  ${categoryJsonSql('row_category')} as category, ${departmentJsonSql('d')} as department,
  ${INVITATIONS_SQL} as invitations,
  exists (select 1 from watcher w where w.ticket_id = t.id and w.user_id = ?) as watching`;
const JOINS = `join app_user row_owner on row_owner.id = t.owner_id join category row_category on row_category.id = t.category_id
  left join app_user row_manager on row_manager.id = t.manager_id`;

/** The row as SQL returns it. */
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
  owner: UserRecord;
  manager: UserRecord | null;
  category: CategoryRecord;
  department: DepartmentRecord;
  invitations: [number, number][];
  watching: boolean;
  bookmarked: boolean;
  unread: boolean;
}

/**
 * Reads tickets: `select <row> [, extra] from ticket t … where <where> [order by <order> limit <limit>]`,
 * the where and order over `t` and `d`. A page (with `order`) is chosen first on the ticket and its
 * department alone, and only its rows are joined to their people and category: a search judges
 * hundreds of candidates to keep 25. Every row is judged for the viewer and primes the request's
 * loaders (its people, category, watch flag, access), so its field resolvers answer without a statement or a promise.
 */
export async function readTickets(
  ctx: RequestContext,
  query: { extra?: string; where: string; order?: string; limit?: number; params: unknown[] },
): Promise<{ row: TicketRow; access: TicketAccess; extra: Record<string, unknown> }[]> {
  const bookmarked = DESK_FLAGS.bookmarked(ctx.viewer);
  const unread = DESK_FLAGS.unread(ctx.viewer);
  const columns = `${SELECT}, ${bookmarked.sql} as bookmarked, ${unread.sql} as unread${query.extra ? `, ${query.extra}` : ''}`;
  const params = [ctx.viewer.userId, ...bookmarked.params, ...unread.params, ...query.params];
  const raws = await runPrepared<(RawTicketRow & Record<string, unknown>)[]>(
    ctx.em,
    query.order
      ? `select ${columns} from (select t.id ${TICKETS_FROM} where ${query.where} order by ${query.order} limit ?) page
         join ticket t on t.id = page.id join department d on d.id = t.department_id ${JOINS} order by ${query.order}`
      : `select ${columns} ${TICKETS_FROM} ${JOINS} where ${query.where}`,
    query.order ? [...params, query.limit ?? MAX_ROWS] : params,
  );
  const users = userRows(ctx);
  const { categories, departments } = catalogueRows(ctx);
  const { watching, desk } = ticketLoaders(ctx);
  return raws.map((raw) => {
    const row = rowOf(raw);
    users.prime(row.owner.id, row.owner);
    if (row.manager) users.prime(row.manager.id, row.manager);
    categories.prime(row.category.id, row.category);
    departments.prime(row.department.id, row.department);
    watching.prime(row.id, raw.watching);
    desk.prime(row.id, { bookmarked: raw.bookmarked, unread: raw.unread });
    return { row, access: judgeRead(ctx, row, row.department.confidential, raw.invitations), extra: raw };
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
  const read = (await readTickets(ctx, { where: 't.id = ?', params: [ticket.id] })).at(0);
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
    owner: raw.owner,
    creator: { id: raw.creator_id },
    manager: raw.manager,
    category: raw.category,
    department: raw.department,
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
