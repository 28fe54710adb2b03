import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { devSession, type BenchContext, type Settings } from './context.js';
import { openCluster, query, serverVersion } from './database.js';
import { ensureBenchData } from './data/generate.js';
import { ROOT, startFloor, startHelpdesk, type Started } from './processes.js';
import { summariseProfile } from './profile.js';
import { formatTable, machine, RESULTS_DIR, round, writeReport, type BenchReport, type BenchResult } from './results.js';
import { measureList, measureOverhead } from './rows/list.js';
import { measureLive } from './rows/live.js';
import { measureQueue } from './rows/queue.js';
import { measureStatistics } from './rows/statistics.js';
import { measureDeepPage, measureEveryMatch, measureSearch } from './rows/search.js';
import { measureCommentLength } from './rows/comment-length.js';
import { measureStatusChange } from './rows/status-change.js';
import { measureMailCost } from './rows/mail-cost.js';

/**
 * `npm run bench [-- R1 R3 …] [--smoke] [--profile]`: the helpdesk in its own process, on a
 * generated data set (bench/data), loaded from this process; each row beside its floor measured in
 * the same run. Writes bench/results/latest.json and a dated copy (docs/architecture.md, "Benchmark results").
 * Settings (env): DATABASE_URL (else an embedded PostgreSQL under .data/bench-postgres), BENCH_TICKETS
 * (1000000), BENCH_SEED (1), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (16),
 * BENCH_CLIENTS (8), BENCH_REPEATS (5), BENCH_SERVER (dist|src), BENCH_SMOKE=1 (= --smoke), BENCH_PROFILE=1 (= --profile).
 */
const ROWS = ['R1', 'R2', 'R3', 'R3P40', 'R3ALL', 'R4', 'R5', 'R5M', 'R6', 'W1', 'QUEUE', 'STATS'] as const;
const env = process.env;
const args = process.argv.slice(2);
const smoke = args.includes('--smoke') || env.BENCH_SMOKE === '1';
const profiling = args.includes('--profile') || env.BENCH_PROFILE === '1';
const chosen = new Set(args.filter((a) => !a.startsWith('--')).map((a) => a.toUpperCase()));
const wanted = (id: string): boolean => chosen.size === 0 || chosen.has(id);

function number(name: string, fallback: number, smokeValue: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return smoke ? smokeValue : fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return value;
}

const settings: Settings = {
  smoke,
  connections: number('BENCH_CONNECTIONS', 16, 4),
  clients: number('BENCH_CLIENTS', 8, 2),
  seconds: number('BENCH_SECONDS', 10, 1),
  warmup: number('BENCH_WARMUP_SECONDS', 2, 0.5),
  repeats: number('BENCH_REPEATS', 5, 1),
};
const tickets = number('BENCH_TICKETS', 1_000_000, 2000);
const seed = number('BENCH_SEED', 1, 1);
const begun = Date.now();
const log = (message: string): void => void process.stderr.write(`[${((Date.now() - begun) / 1000).toFixed(1)} s] ${message}\n`);

async function main(): Promise<void> {
  const unknown = [...chosen].filter((id) => !(ROWS as readonly string[]).includes(id));
  if (unknown.length) throw new Error(`unknown rows ${unknown.join(', ')}; rows are ${ROWS.join(', ')}`);
  const started: Started[] = [];
  let cluster: Awaited<ReturnType<typeof openCluster>> | undefined;
  const profileDir = path.join(RESULTS_DIR, 'profiles', new Date().toISOString().replace(/:/g, '-'));
  try {
    cluster = await openCluster(ROOT, log);
    const data = await ensureBenchData(cluster.adminUrl, { tickets, seed, log });
    log(`bench: ${data.database} (${data.tickets} tickets, ${data.reused ? 'reused' : `generated in ${data.seconds} s`})`);
    if (profiling) await mkdir(profileDir, { recursive: true });
    const manager = await query<{ id: number; departments: string }>(
      data.url,
      `select u.id, string_agg(m.department_id::text, ',') as departments from app_user u
       join department_member m on m.user_id = u.id where u.uid = $1 group by u.id`,
      [data.people.manager],
    );
    // Both start at once (each is its own process); the floor answers with the manager's read rule.
    const [app, floor] = await Promise.all([
      startHelpdesk(data.url, profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      startFloor({ FLOOR_DATABASE_URL: data.url, FLOOR_VIEWER_ID: String(manager[0].id), FLOOR_DEPARTMENTS: manager[0].departments }),
    ]);
    started.push(app, floor);
    log(`bench: helpdesk (${app.entry}) at ${app.url}, floor at ${floor.url}`);
    const ctx = context(app, floor, data);
    const results = await measure(ctx);
    const report: BenchReport = {
      machine: machine(await serverVersion(data.url)),
      scale: { tickets: data.tickets },
      data: { database: data.database, seed: data.seed, generated_seconds: data.seconds, reused: data.reused, sizes: data.sizes },
      settings: { ...settings, server: app.entry, load_average_1m: round(os.loadavg()[0]) },
      results,
    };
    log('bench: stopping the server and the floor…');
    await Promise.all(started.splice(0).map((s) => s.stop()));
    log('bench: stopped');
    if (profiling) report.profile = await summariseProfile(profileDir);
    const files = await writeReport(report);
    console.log(formatTable(report));
    const { cpus, postgres } = report.machine;
    console.log(
      `\n${cpus} CPUs, PostgreSQL ${postgres}, ${data.tickets} tickets, server from ${app.entry}; load average ${report.settings.load_average_1m}`,
    );
    if (report.profile) printProfile(report.profile);
    console.log(`written: ${files.map((f) => path.relative(ROOT, f)).join(', ')}`);
    const failed = results.filter((r) => Number(r.notes?.errors ?? 0) > 0);
    if (failed.length) {
      console.error(`requests failed in ${failed.map((r) => r.id).join(', ')} (see notes.errors)`);
      process.exitCode = 1;
    }
  } finally {
    for (const s of started.reverse()) await s.stop();
    await cluster?.stop();
  }
}

function context(app: Started, floor: Started, data: BenchContext['data']): BenchContext {
  return { app, floor, data, settings, log, ...devSession(app.url) };
}

/** Rows in an order where the writes (R5) come last, so they do not disturb the reads. */
async function measure(ctx: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  if (wanted('R1') || wanted('R2')) results.push(...(await measureList(ctx)).filter((r) => wanted(r.id)));
  if (wanted('R6')) results.push(await measureOverhead(ctx));
  if (wanted('R3')) results.push(await measureSearch(ctx));
  if (wanted('R3P40')) results.push(await measureDeepPage(ctx));
  if (wanted('R3ALL')) results.push(await measureEveryMatch(ctx));
  if (wanted('QUEUE')) results.push(await measureQueue(ctx));
  if (wanted('STATS')) results.push(await measureStatistics(ctx));
  if (wanted('R4')) results.push(await measureLive(ctx));
  if (wanted('R5')) results.push(await measureStatusChange(ctx));
  if (wanted('R5M')) results.push(await measureMailCost(ctx));
  if (wanted('W1')) results.push(await measureCommentLength(ctx));
  const order = new Map(ROWS.map((id, i) => [id as string, i]));
  return results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

function printProfile(profile: NonNullable<BenchReport['profile']>): void {
  console.log(`\nServer CPU profile (${profile.total_ms} ms sampled, ${path.relative(ROOT, profile.file)}), self time:`);
  for (const [name, pct] of profile.by_package) console.log(`  ${String(pct).padStart(5)} %  ${name}`);
  console.log('top functions:');
  for (const [name, pct] of profile.by_function) console.log(`  ${String(pct).padStart(5)} %  ${name}`);
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
