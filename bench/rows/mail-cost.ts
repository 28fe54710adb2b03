import type { BenchContext } from '../context.js';
import { devSession } from '../context.js';
import { query } from '../database.js';
import { percentile } from '../http-load.js';
import { startHelpdesk } from '../processes.js';
import { round, type BenchResult } from '../results.js';
import { closedLoop, prepareLanes, type Caller } from './status-change.js';

/**
 * R5M: what mail out costs the action path (issue 19: "R5 within 10 % of today's, same run"). R5's
 * status changes, on the same tickets and the same database, against the bench's helpdesk (mail on:
 * each change queues its mail in its transaction, and the same process fans it out and sends it to its
 * catcher) and against a second one started with MAIL_ENABLED=false (R5 before mail). Blocks alternate
 * off, on, on, off so both see the same machine; the mail left queued by an "on" block is sent before
 * the next "off" block starts (untimed), so that block does not pay for it.
 */
export async function measureMailCost(ctx: BenchContext): Promise<BenchResult> {
  const { clients, seconds, warmup } = ctx.settings;
  const lanes = await prepareLanes(ctx, clients);
  const quiet = await startHelpdesk(ctx.data.url, [], { MAIL_ENABLED: 'false' });
  try {
    const off = devSession(quiet.url).gql;
    const on = ctx.gql;
    const block = Math.max(1, seconds / 2);
    ctx.log(`R5M: status changes with mail and without (MAIL_ENABLED=false), ${clients} clients, 4 blocks of ${block} s…`);
    if (warmup > 0) for (const gql of [off, on]) await closedLoop(ctx, lanes, warmup, gql);
    await mailSent(ctx);
    const runs: Record<'on' | 'off', { n: number; elapsed: number; latencies: number[]; errors: number }> = {
      on: { n: 0, elapsed: 0, latencies: [], errors: 0 },
      off: { n: 0, elapsed: 0, latencies: [], errors: 0 },
    };
    const run = async (which: 'on' | 'off', gql: Caller): Promise<void> => {
      const r = await closedLoop(ctx, lanes, block, gql);
      runs[which].n += r.latencies.length;
      runs[which].elapsed += r.elapsed;
      runs[which].latencies.push(...r.latencies);
      runs[which].errors += r.errors;
    };
    await run('off', off);
    await run('on', on);
    await run('on', on);
    await mailSent(ctx);
    await run('off', off);
    const tps = (w: 'on' | 'off'): number => runs[w].n / runs[w].elapsed;
    const ratio = round(tps('on') / tps('off'));
    const latencies = runs.on.latencies.sort((a, b) => a - b);
    return {
      id: 'R5M',
      name: 'status change with mail out, against the same without mail (MAIL_ENABLED=false), same run',
      ours: round(tps('on')),
      floor: round(tps('off')),
      unit: 'tps',
      ratio,
      p50_ms: percentile(latencies, 0.5),
      p99_ms: percentile(latencies, 0.99),
      target: '>= 0.9 of the same without mail',
      pass: runs.on.errors + runs.off.errors === 0 && ratio >= 0.9,
      notes: { clients, errors: runs.on.errors + runs.off.errors, blocks: 'off, on, on, off', block_seconds: block },
    };
  } finally {
    await quiet.stop();
  }
}

/** Waits (untimed, 120 s at most) until the mail jobs queued so far are done. */
async function mailSent(ctx: BenchContext): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const [{ n }] = await query<{ n: number }>(
      ctx.data.url,
      "select count(*)::int as n from pgboss.job where name like 'mail-%' and state in ('created', 'retry', 'active') and start_after <= now()",
    );
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  ctx.log('R5M: mail still queued after 120 s; going on');
}
