import type { RequestContext } from '../auth/context.js';
import { BadInputError } from '../errors.js';
import { DEFAULT_ORDER, TicketKeyset } from './ticket-cursor.js';
import { ticketFilterSql, TICKETS_FROM, type FilterSql, type ListFilter, type SqlPart } from './ticket-filter.js';
import { readTickets, type TicketRow } from './ticket.rows.js';
import { EVERY_PART, type TicketParts } from './ticket-parts.js';
import { OPEN_STATUSES, TicketStatus } from '../model/ticket-status.js';
import { runPrepared } from '../db/prepared.js';

/** How many tickets match: exact, except that a search stops counting past SEARCH_COUNT_CAP. */
export interface MatchCount {
  count: number;
  capped: boolean;
}

/** One page of a keyset-paginated list; the count runs only when someone asks for it. */
export interface TicketPage {
  tickets: TicketRow[];
  /** The cursor after the i-th ticket, built only when asked (R1-style lists never select one). */
  cursor: (i: number) => string;
  hasNextPage: boolean;
  count: () => Promise<MatchCount>;
}

/** Largest page a client may ask for. */
export const MAX_PAGE = 100;

/** A search counts at most this many matches, so a count never scans a whole match of a common word. */
export const SEARCH_COUNT_CAP = 1000;

/**
 * A search's count judges at most this many tickets (those the filter and the candidates let through):
 * past it, what it found is a floor (totalCountCapped). Judging a ticket reads its entries (≈ 20 µs).
 */
export const SEARCH_COUNT_BUDGET = 1000;

/**
 * Lists what the viewer may read, filtered and sorted: one statement whatever the page size (the
 * page's tickets with the parts asked joined — every one unless the caller knows its selection —,
 * judged and primed by ticket.rows.ts; the count only on demand, started with the page when the
 * caller knows it will be asked: `countNow`).
 */
export async function listTickets(
  ctx: RequestContext,
  filter: ListFilter = {},
  first = 20,
  after?: string | null,
  scope: { ownerId?: number; excludeId?: number } = {},
  parts: TicketParts = EVERY_PART,
  countNow = false,
): Promise<TicketPage> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE)
    throw new BadInputError(`first must be between 0 and ${MAX_PAGE}`, 'first');
  let where = await ticketFilterSql(ctx, filter);
  if (scope.ownerId !== undefined) where = both(where, { sql: 't.owner_id = ?', params: [scope.ownerId] });
  if (scope.excludeId !== undefined) where = both(where, { sql: 't.id <> ?', params: [scope.excludeId] });
  const keyset = new TicketKeyset(filter.orderBy ?? DEFAULT_ORDER);
  const page = after ? both(where, keyset.afterSql(after)) : where;
  // Asked for, the count runs beside the page (each on a connection of its own), not after it.
  let counted: Promise<MatchCount> | undefined = countNow ? countMatches(ctx, where) : undefined;
  // Should the page fail, its error is the answer: the count's own is not left unhandled.
  counted?.catch(() => undefined);
  const rows = await readTickets(ctx, {
    extra: keyset.selectSql(),
    where: page.sql,
    order: keyset.orderBySql(),
    limit: first + 1,
    params: page.params,
    parts,
    // A search's plan follows its words, and the queues' statuses pick their partial indexes: those keep
    // PostgreSQL's own choice. Every other page reads the same way whatever its values (db/generic-plans.ts).
    plan: where.searching || filter.statuses?.length ? 'auto' : 'generic',
  });
  const shown = rows.slice(0, first);
  return {
    tickets: shown.map((r) => r.row),
    cursor: (i) => keyset.encode(shown[i].extra),
    hasNextPage: rows.length > first,
    count: () => (counted ??= countMatches(ctx, where)),
  };
}

/** The count per status of what the viewer may read (ticketCounts): open statuses unless the filter names some. */
export async function countByStatus(ctx: RequestContext, filter: ListFilter = {}): Promise<{ status: TicketStatus; count: number }[]> {
  const asked = filter.statuses?.length ? filter.statuses : OPEN_STATUSES;
  // In the enum's order, each once, so the queue tabs come out the same way every time.
  const statuses = Object.values(TicketStatus).filter((s) => asked.includes(s));
  const where = await ticketFilterSql(ctx, filter, { statuses });
  const rows = await runPrepared<{ status: TicketStatus; n: number }[]>(
    ctx.em,
    `select t.status, count(*)::int as n ${TICKETS_FROM} where ${where.sql} group by t.status`,
    where.params,
  );
  const counts = new Map(rows.map((r) => [r.status, r.n]));
  return statuses.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

async function countMatches(ctx: RequestContext, where: FilterSql): Promise<MatchCount> {
  if (!where.searching) {
    const rows = await runPrepared<{ n: number }[]>(ctx.em, `select count(*)::int as n ${TICKETS_FROM} where ${where.sql}`, where.params);
    return { count: rows.at(0)?.n ?? 0, capped: false };
  }
  const { cheap, judged } = where.counting!;
  // OFFSET 0 keeps the words out of the budgeted scan: they are judged on the tickets it let through only.
  const rows = await runPrepared<{ n: number; seen: number }[]>(
    ctx.em,
    `select count(*) filter (where m.hit)::int as n, count(*)::int as seen
     from (select ${judged.sql} as hit ${TICKETS_FROM} where ${cheap.sql} limit ? offset 0) m`,
    [...judged.params, ...cheap.params, SEARCH_COUNT_BUDGET],
  );
  const n = rows.at(0)?.n ?? 0;
  const seen = rows.at(0)?.seen ?? 0;
  if (n > SEARCH_COUNT_CAP) return { count: SEARCH_COUNT_CAP, capped: true };
  return { count: n, capped: seen >= SEARCH_COUNT_BUDGET };
}

function both<T extends SqlPart>(where: T, part: SqlPart): T {
  return { ...where, sql: `${where.sql} and ${part.sql}`, params: [...where.params, ...part.params] };
}
