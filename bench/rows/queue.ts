import type { BenchContext } from '../context.js';
import { percentile, sequential } from '../http-load.js';
import type { BenchResult } from '../results.js';

const OPEN = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED'];
const FILTER = { involvement: 'DEPARTMENT', statuses: OPEN };

/** The queue as a manager's screen asks for it: the first page of the department's open tickets, with its count. */
const QUEUE_QUERY = `query($f: TicketFilter) { tickets(first: 25, filter: $f) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id number subject status priority lastActivityAt owner { displayName } category { path } manager { displayName } } } } }`;
const COUNTS_QUERY = 'query($f: TicketFilter) { ticketCounts(filter: $f) { status count } }';

/** Untimed requests before each timed series. */
const WARM_UP = 5;

/** QUEUE: a manager's open-ticket queue and `ticketCounts` (when the server has it), one request at a time. */
export async function measureQueue(ctx: BenchContext): Promise<BenchResult> {
  const uid = ctx.data.people.manager;
  const n = Math.max(5, ctx.settings.repeats * 10);
  ctx.log(`QUEUE: the open queue of ${uid}'s department, ${n} requests one at a time…`);
  const page = await ctx.gql<{ tickets: { totalCount: number } }>(uid, QUEUE_QUERY, { f: FILTER });
  // Steady state: the page and its count run side by side, so a few requests first let the pool's connections open and prepare.
  await sequential(WARM_UP, () => ctx.gql(uid, QUEUE_QUERY, { f: FILTER }).then(() => undefined));
  const queue = await sequential(n, () => ctx.gql(uid, QUEUE_QUERY, { f: FILTER }).then(() => undefined));
  const hasCounts = await queryHasField(ctx, uid, 'ticketCounts');
  const countsOnce = (): Promise<void> => ctx.gql(uid, COUNTS_QUERY, { f: { involvement: 'DEPARTMENT' } }).then(() => undefined);
  if (hasCounts) await sequential(WARM_UP, countsOnce);
  const counts = hasCounts ? await sequential(n, countsOnce) : [];
  const p95 = percentile(queue, 0.95);
  const countsP95 = hasCounts ? percentile(counts, 0.95) : null;
  return {
    id: 'QUEUE',
    name: `a manager's open queue (first 25 + totalCount) and ticketCounts, ${ctx.data.tickets} tickets`,
    ours: p95,
    floor: null,
    unit: 'ms',
    ratio: null,
    p50_ms: percentile(queue, 0.5),
    p99_ms: percentile(queue, 0.99),
    target: 'p95 <= 20 ms (queue and ticketCounts)',
    pass: p95 <= 20 && (countsP95 === null || countsP95 <= 20),
    notes: {
      queue_p95_ms: p95,
      queue_max_ms: percentile(queue, 1),
      open_tickets_in_queue: page.tickets.totalCount,
      ticketCounts: hasCounts
        ? { p50_ms: percentile(counts, 0.5), p95_ms: countsP95, filter: 'involvement: DEPARTMENT' }
        : 'not available on this server',
      requests: n,
    },
  };
}

/** Whether the server's Query type has a field (features land one branch at a time). */
async function queryHasField(ctx: BenchContext, uid: string, name: string): Promise<boolean> {
  const data = await ctx.gql<{ __type: { fields: { name: string }[] } | null }>(uid, '{ __type(name: "Query") { fields { name } } }');
  return Boolean(data.__type?.fields.some((f) => f.name === name));
}
