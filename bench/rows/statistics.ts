import type { BenchContext } from '../context.js';
import { query } from '../database.js';
import { percentile } from '../http-load.js';
import type { BenchResult } from '../results.js';

const TARGET_MS = 2000;

/** Every figure the portlet's statistics screen and the CSV show. */
const STATS_QUERY = `query($d: ID, $from: DateTime!, $to: DateTime!) { ticketStatistics(departmentId: $d, from: $from, to: $to) {
  created byCategory { key label count } byOrigin { key count } byStatus { key count } busiestRequesters { uid name count }
  firstResponseMinutes { median p90 count } resolutionMinutes { median p90 count } spentMinutes reopened backlog { day open } } }`;

interface Timed {
  latencies: number[];
  created: number | null;
  error: string | null;
}

/**
 * STATS: a year of `ticketStatistics` (the data set's last 365 days), for the busiest department as its
 * supervisor and for every department as an admin, one request at a time. A request that fails (the
 * statement over DB_TIMEOUT_SECONDS) is reported as such, not timed.
 */
export async function measureStatistics(ctx: BenchContext): Promise<BenchResult> {
  const [{ last }] = await query<{ last: Date }>(ctx.data.url, 'select max(created_at) as last from ticket');
  const to = new Date(new Date(last).getTime() + 1000);
  const from = new Date(to.getTime() - 365 * 24 * 3600 * 1000);
  const n = Math.max(3, ctx.settings.repeats);
  ctx.log(`STATS: a year of ticketStatistics (${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)}), ${n} runs each…`);
  const time = async (uid: string, departmentId: string | null): Promise<Timed> => {
    const latencies: number[] = [];
    let created: number | null = null;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      try {
        const data = await ctx.gql<{ ticketStatistics: { created: number } }>(uid, STATS_QUERY, {
          d: departmentId,
          from: from.toISOString(),
          to: to.toISOString(),
        });
        created = data.ticketStatistics.created;
      } catch (error) {
        return { latencies, created, error: error instanceof Error ? error.message.slice(0, 300) : String(error) };
      }
      latencies.push(performance.now() - t0);
    }
    return { latencies: latencies.sort((a, b) => a - b), created, error: null };
  };
  const department = await time(ctx.data.people.supervisor, String(ctx.data.departmentId));
  const all = await time(ctx.data.people.admin, null);
  const p95 = (t: Timed): number | null => (t.error ? null : percentile(t.latencies, 0.95));
  const worst = [p95(department), p95(all)];
  const ours = worst.some((v) => v === null) ? null : Math.max(...(worst as number[]));
  const both = [...department.latencies, ...all.latencies].sort((a, b) => a - b);
  const notes = (t: Timed): Record<string, unknown> => ({
    p50_ms: t.latencies.length ? percentile(t.latencies, 0.5) : null,
    p95_ms: p95(t),
    runs: t.latencies.length,
    tickets_in_period: t.created,
    ...(t.error ? { error: t.error } : {}),
  });
  return {
    id: 'STATS',
    name: `a year of ticketStatistics, one department (supervisor) and all (admin), ${ctx.data.tickets} tickets`,
    ours,
    floor: null,
    unit: 'ms',
    ratio: null,
    p50_ms: both.length ? percentile(both, 0.5) : null,
    p99_ms: both.length ? percentile(both, 0.99) : null,
    target: `p95 <= ${TARGET_MS} ms (department and all)`,
    pass: ours !== null && ours <= TARGET_MS,
    notes: {
      department: notes(department),
      all: notes(all),
      period: { from: from.toISOString(), to: to.toISOString() },
      errors: [department, all].filter((t) => t.error).length,
    },
  };
}
