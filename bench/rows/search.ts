import type { BenchContext } from '../context.js';
import { query } from '../database.js';
import { percentile, sequential } from '../http-load.js';
import type { BenchResult } from '../results.js';

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

/** How many tickets each search matches in the whole table (what an admin would find). */
async function matchCounts(ctx: BenchContext, searches: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const text of searches) {
    const rows = await query<{ n: string }>(
      ctx.data.url,
      `select count(*) as n from ticket_search where document @@ websearch_to_tsquery('app_french', $1)`,
      [text],
    );
    counts[text] = Number(rows[0].n);
  }
  return counts;
}
