import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../context.js';
import { query } from '../database.js';
import { percentile, sequential } from '../http-load.js';
import type { BenchResult } from '../results.js';
import { loadViewer } from '../../server/auth/viewer.js';
import { openOrm } from '../../server/db/orm.js';
import { User } from '../../server/model/user.entity.js';
import { readableTicketsSql } from '../../server/policies/ticket.policy.js';
import { ticketSearchSql } from '../../server/ticket/ticket-search.js';

/** R3's searches: 1–2 terms, rare to common ("connexion" is in about a quarter of the tickets, "bonjour" in half), one with a negation. */
export const SEARCHES = [
  'photocopieuse',
  'serrure',
  'sismographe badge',
  'imprimante',
  'wifi',
  'remboursement mission',
  'connexion',
  'connexion imprimante',
  'bonjour',
  'mot de passe',
  'imprimante -wifi',
];

const SEARCH_QUERY = `query($s: String) { tickets(first: 25, filter: { search: $s }) { totalCount
  edges { node { id number subject status lastActivityAt } } } }`;
/** The same page without its count: what the search index itself costs, apart from counting every match. */
const PAGE_QUERY = `query($s: String) { tickets(first: 25, filter: { search: $s }) { edges { node { id number subject status lastActivityAt } } } }`;

interface Found {
  tickets: { totalCount: number; edges: unknown[] };
}

/** R3: each search, one at a time, as a manager, a student and an admin; p95 and the slowest. */
export async function measureSearch(ctx: BenchContext): Promise<BenchResult> {
  const { people } = ctx.data;
  const viewers = [people.manager, people.student, people.admin];
  const searches = ctx.settings.smoke ? SEARCHES.filter((_, i) => i % 3 === 0) : SEARCHES;
  ctx.log(`R3: ${searches.length} searches × ${viewers.length} viewers × ${ctx.settings.repeats}, one at a time…`);
  const frequency = await matchCounts(ctx, searches);
  const all: number[] = [];
  const pages: number[] = [];
  const perSearch: Record<string, { matches: number; p50_ms: number; max_ms: number; page_only_max_ms: number }> = {};
  for (const text of searches) {
    const times: number[] = [];
    const pageTimes: number[] = [];
    for (const uid of viewers) {
      await ctx.gql<Found>(uid, SEARCH_QUERY, { s: text }); // warm: plan cache, token, connections
      const send = (q: string) => () => ctx.gql<Found>(uid, q, { s: text }).then(() => undefined);
      times.push(...(await sequential(ctx.settings.repeats, send(SEARCH_QUERY))));
      pageTimes.push(...(await sequential(ctx.settings.repeats, send(PAGE_QUERY))));
    }
    times.sort((a, b) => a - b);
    pageTimes.sort((a, b) => a - b);
    all.push(...times);
    pages.push(...pageTimes);
    perSearch[text] = {
      matches: frequency[text],
      p50_ms: percentile(times, 0.5),
      max_ms: percentile(times, 1),
      page_only_max_ms: percentile(pageTimes, 1),
    };
  }
  all.sort((a, b) => a - b);
  pages.sort((a, b) => a - b);
  const p95 = percentile(all, 0.95);
  const max = percentile(all, 1);
  return {
    id: 'R3',
    name: `tickets(filter: {search}), ${ctx.data.tickets} tickets: p95 of 1–2-term searches`,
    ours: p95,
    floor: null,
    unit: 'ms',
    ratio: null,
    p50_ms: percentile(all, 0.5),
    p99_ms: percentile(all, 0.99),
    target: 'p95 <= 50 ms, none over 100 ms',
    pass: p95 <= 50 && max <= 100,
    notes: {
      max_ms: max,
      requests: all.length,
      viewers,
      with: 'first: 25 and totalCount',
      page_only: { p50_ms: percentile(pages, 0.5), p95_ms: percentile(pages, 0.95), max_ms: percentile(pages, 1) },
      searches: perSearch,
    },
  };
}

/** How many tickets have their subject or one entry holding all the words of each search (a floor of what an admin finds). */
async function matchCounts(ctx: BenchContext, searches: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const text of searches) {
    const rows = await query<{ n: string }>(
      ctx.data.url,
      `select count(*) as n from (select e.ticket_id from ticket_event e where e.search @@ websearch_to_tsquery('app_french', $1)
         union select s.ticket_id from ticket_search s where s.document @@ websearch_to_tsquery('app_french', $1)) m`,
      [text],
    );
    counts[text] = Number(rows[0].n);
  }
  return counts;
}

/** A common word ("connexion", in a quarter of the tickets), paged through 40 pages of 25 by endCursor. */
export const DEEP_WORD = 'connexion';
const DEEP_PAGES = 40;
const PAGE_QUERY_AFTER = `query($s: String, $after: String, $first: Int) { tickets(first: $first, after: $after, filter: { search: $s }) {
  pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
interface Paged {
  tickets: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };
}

/**
 * R3 page 40: a manager and an admin page through DEEP_WORD 25 at a time by endCursor; every later
 * page is timed, then page 40 again with the same cursor (repeats). Keyset paging goes on where the
 * last page stopped: page 40 costs what page 2 does.
 */
export async function measureDeepPage(ctx: BenchContext): Promise<BenchResult> {
  const { people } = ctx.data;
  const later: number[] = [];
  const fortieth: number[] = [];
  // The smoke run's 2,000 tickets hold a few pages only.
  const last = ctx.settings.smoke ? 3 : DEEP_PAGES;
  ctx.log(`R3 page ${last}: "${DEEP_WORD}" as a manager and an admin, 25 a page…`);
  for (const uid of [people.manager, people.admin]) {
    let after: string | null = null;
    for (let page = 1; page < last; page++) {
      const t0 = performance.now();
      const data: Paged = await ctx.gql<Paged>(uid, PAGE_QUERY_AFTER, { s: DEEP_WORD, after, first: 25 });
      if (page > 1) later.push(performance.now() - t0);
      if (!data.tickets.pageInfo.hasNextPage) throw new Error(`R3 page ${last}: "${DEEP_WORD}" has fewer pages for ${uid}`);
      after = data.tickets.pageInfo.endCursor;
    }
    const send = () => ctx.gql(uid, PAGE_QUERY_AFTER, { s: DEEP_WORD, after, first: 25 }).then(() => undefined);
    fortieth.push(...(await sequential(Math.max(3, ctx.settings.repeats * 2), send)));
  }
  later.sort((a, b) => a - b);
  fortieth.sort((a, b) => a - b);
  const p95 = percentile(fortieth, 0.95);
  const laterMax = percentile(later, 1);
  return {
    id: 'R3P40',
    name: `page 40 of "${DEEP_WORD}" (25 a page, by endCursor), as a manager and an admin`,
    ours: p95,
    floor: null,
    unit: 'ms',
    ratio: null,
    p50_ms: percentile(fortieth, 0.5),
    p99_ms: percentile(fortieth, 0.99),
    target: 'page 40 p95 <= 100 ms, and every page after the first <= 100 ms',
    pass: p95 <= 100 && laterMax <= 100,
    notes: {
      page: last,
      later_pages: { count: later.length, p50_ms: percentile(later, 0.5), p95_ms: percentile(later, 0.95), max_ms: laterMax },
    },
  };
}

/** Words paged through to their end: a common one (found by walking the list) and a rare one (by the GIN candidates). */
export const EVERY_MATCH_WORDS = ['wifi', 'serrure'];

/**
 * R3 every match: a manager and an admin page through each word of EVERY_MATCH_WORDS 100 at a time
 * to the end; the tickets reached must be exactly those a full scan finds — every ticket the viewer
 * may read, judged on its readable parts (the search's own definition, with no candidates, no walk
 * and no page: one statement over the whole table).
 */
export async function measureEveryMatch(ctx: BenchContext): Promise<BenchResult> {
  const { people } = ctx.data;
  const orm = await openOrm(ctx.data.url, { pool: { min: 0, max: 1 } });
  const checked: Record<string, { paged: number; full_scan: number; missing: number; extra: number; pages: number; page_p95_ms: number }> =
    {};
  let equal = true;
  const times: number[] = [];
  try {
    for (const text of ctx.settings.smoke ? EVERY_MATCH_WORDS.slice(1) : EVERY_MATCH_WORDS) {
      for (const uid of [people.manager, people.admin]) {
        ctx.log(`R3 every match: "${text}" as ${uid}, paging to the end, then a full scan…`);
        const paged = new Set<string>();
        const pageTimes: number[] = [];
        let after: string | null = null;
        for (;;) {
          const t0 = performance.now();
          const data: Paged = await ctx.gql<Paged>(uid, PAGE_QUERY_AFTER, { s: text, after, first: 100 });
          pageTimes.push(performance.now() - t0);
          for (const e of data.tickets.edges) paged.add(e.node.id);
          if (!data.tickets.pageInfo.hasNextPage) break;
          after = data.tickets.pageInfo.endCursor;
        }
        const em = orm.em.fork();
        const viewer = await loadViewer(em, await em.findOneOrFail(User, { uid }));
        const readable = readableTicketsSql(viewer);
        const search = await ticketSearchSql(em, viewer, text, 'walk');
        const rows = await em.execute<{ id: number }[]>(
          `select t.id from ticket t join department d on d.id = t.department_id where ${readable.sql} and ${search.judged.sql}`,
          [...readable.params, ...search.judged.params],
        );
        const full = new Set(rows.map((r) => String(r.id)));
        const missing = [...full].filter((id) => !paged.has(id)).length;
        const extra = [...paged].filter((id) => !full.has(id)).length;
        equal &&= missing === 0 && extra === 0;
        pageTimes.sort((a, b) => a - b);
        times.push(...pageTimes);
        checked[`${text} / ${uid}`] = {
          paged: paged.size,
          full_scan: full.size,
          missing,
          extra,
          pages: pageTimes.length,
          page_p95_ms: percentile(pageTimes, 0.95),
        };
      }
    }
  } finally {
    await orm.close();
  }
  times.sort((a, b) => a - b);
  return {
    id: 'R3ALL',
    name: `every match reached: paging (100 a page) to the end of ${EVERY_MATCH_WORDS.join(', ')} = a full scan, manager and admin`,
    ours: percentile(times, 0.95),
    floor: null,
    unit: 'ms',
    ratio: null,
    p50_ms: percentile(times, 0.5),
    p99_ms: percentile(times, 0.99),
    target: 'exactly the full scan’s tickets (none missing, none extra)',
    pass: equal,
    notes: { checked },
  };
}
