import 'reflect-metadata';
import os from 'node:os';
import { loadConfig } from '../server/config.js';
import { startApp, type RunningApp } from '../server/main.js';
import { checkpoint, createBenchDatabase, dropBenchDatabase, NoDatabaseError, serverVersion, type BenchDatabase } from './database.js';
import { findPgbench, initPgbench, INSTALL_HINT, runPgbench } from './pgbench.js';
import { formatTable, machine, round, writeReport, type BenchReport, type BenchResult } from './results.js';
import { fillTickets, makeBenchScene } from './scene.js';
import { prepareLanes, runStatusChange, type StatusChangeResult } from './status-change.js';
import { runTicketList } from './ticket-list.js';

/**
 * `npm run bench`: our code paths against their floor on the same PostgreSQL, same clients, same time.
 * R1 status change (service level) vs pgbench tpcb-like; R2 ticket list over HTTP vs GET /readyz.
 * Settings: DATABASE_URL, BENCH_SECONDS (10), BENCH_CLIENTS (8), BENCH_WARMUP_SECONDS (1),
 * BENCH_TICKETS (200, for R1), BENCH_LIST_TICKETS (5000, for R2; 0 skips R2), BENCH_PROFILE=1 (list R1's SQL).
 */
const env = process.env;
const settings = {
  clients: integer('BENCH_CLIENTS', 8),
  seconds: integer('BENCH_SECONDS', 10),
  warmup: integer('BENCH_WARMUP_SECONDS', 1),
  tickets: integer('BENCH_TICKETS', 200),
  listTickets: integer('BENCH_LIST_TICKETS', 5000),
  profile: env.BENCH_PROFILE === '1',
};

function integer(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer (got "${raw}")`);
  return value;
}

const log = (message: string): void => void process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  let db: BenchDatabase;
  try {
    db = await createBenchDatabase(env);
  } catch (error) {
    if (!(error instanceof NoDatabaseError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return;
  }
  let app: RunningApp | undefined;
  try {
    log(`bench: database ${db.name}, ${settings.clients} clients, ${settings.seconds} s per measurement`);
    app = await startApp(
      loadConfig({
        DATABASE_URL: db.url,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        TIMER_INTERVAL_SECONDS: '0',
        RATE_LIMIT_PER_MINUTE: '0',
      }),
    );
    const report = await measure(app, db);
    const files = await writeReport(report);
    console.log(formatTable(report));
    const { cpus, postgres } = report.machine;
    console.log(
      `\n${cpus} CPUs, PostgreSQL ${postgres}, ${report.scale.tickets} tickets; load average at start ${report.settings.load_average_1m} (other work on the machine makes numbers noisy)`,
    );
    printProfile(report);
    console.log(`\nwritten: ${files.join(', ')}`);
  } finally {
    await app?.stop();
    await dropBenchDatabase(db);
  }
}

async function measure(app: RunningApp, db: BenchDatabase): Promise<BenchReport> {
  const { clients, seconds, warmup } = settings;
  const loadAverage = round(os.loadavg()[0]);
  const scene = await makeBenchScene(app, clients);
  log(`R1: filing ${settings.tickets} tickets taken by a manager…`);
  const lanes = await prepareLanes(app, scene, Math.max(1, Math.ceil(settings.tickets / clients)));
  await checkpoint(db.url);
  log(`R1: status changes (request information / answer), ${seconds} s…`);
  const r1 = await runStatusChange(app, scene, lanes, seconds, warmup);

  const floor = await pgbenchFloor(db.url);
  const results: BenchResult[] = [statusChangeResult(r1, floor)];
  let tickets = r1.tickets;

  if (settings.listTickets > 0) {
    log(`R2: filling up to ${settings.listTickets} tickets…`);
    tickets = await fillTickets(app, scene, settings.listTickets);
    await checkpoint(db.url);
    log(`R2: tickets(first: 50) over HTTP, then GET /readyz, ${seconds} s each…`);
    const r2 = await runTicketList(app, scene, clients, seconds, warmup);
    results.push({
      id: 'R2',
      name: 'ticket list: tickets(first: 50) over HTTP',
      ours: round(r2.list.perSecond),
      floor: round(r2.floor.perSecond),
      unit: 'req/s',
      ratio: round(r2.list.perSecond / r2.floor.perSecond),
      p50_ms: r2.list.p50_ms,
      p99_ms: r2.list.p99_ms,
      target: 'none set (informational)',
      pass: r2.list.errors === 0 ? null : false,
      notes: {
        floor: 'GET /readyz (select 1, no GraphQL)',
        floor_p50_ms: r2.floor.p50_ms,
        floor_p99_ms: r2.floor.p99_ms,
        errors: r2.list.errors,
        viewer: 'department member (sees all)',
        node_cpu_ms_per_request: r2.list.cpuMsPerOp,
        queries_per_request: r2.statements.length,
        statements: r2.statements,
      },
    });
  }
  return {
    machine: machine(await serverVersion(db.url)),
    scale: { tickets },
    settings: { clients, seconds, warmup_seconds: warmup, load_average_1m: loadAverage },
    results,
  };
}

async function pgbenchFloor(url: string): Promise<number | null> {
  const bin = await findPgbench();
  if (!bin) {
    log(INSTALL_HINT);
    return null;
  }
  log(`floor: pgbench -i -s 10, then tpcb-like -c ${settings.clients} -T ${settings.seconds} (${bin})…`);
  await initPgbench(bin, url, 10);
  await checkpoint(url);
  return (await runPgbench(bin, url, settings.clients, settings.seconds)).tps;
}

function statusChangeResult(r1: StatusChangeResult, floor: number | null): BenchResult {
  const ratio = floor ? round(r1.perSecond / floor) : null;
  if (r1.errors > 0) log(`R1: ${r1.errors} actions failed; first: ${String(r1.firstError)}`);
  return {
    id: 'R1',
    name: 'status change: lock + update + history entry (service level)',
    ours: round(r1.perSecond),
    floor: floor === null ? null : round(floor),
    unit: 'tps',
    ratio,
    p50_ms: r1.p50_ms,
    p99_ms: r1.p99_ms,
    target: '>= 0.5 of pgbench tpcb-like',
    pass: ratio === null ? null : r1.errors === 0 && ratio >= 0.5,
    notes: {
      floor: `pgbench tpcb-like, scale 10, -c ${settings.clients} -j 2`,
      errors: r1.errors,
      node_cpu_ms_per_action: r1.cpuMsPerOp,
      queries_per_action: { requestInformation: r1.profile.requestInformation.statements, addComment: r1.profile.addComment.statements },
      profile: r1.profile,
    },
  };
}

function printProfile(report: BenchReport): void {
  const notes = report.results.find((r) => r.id === 'R1')?.notes;
  if (!notes) return;
  const profile = notes.profile as StatusChangeResult['profile'];
  console.log(`\nR1 node CPU per action under load: ${String(notes.node_cpu_ms_per_action)} ms`);
  for (const [kind, p] of Object.entries(profile)) {
    console.log(`R1 ${kind} alone: ${p.statements} statements, ${p.wall_ms} ms wall, ${p.db_ms} ms waiting on PostgreSQL`);
    if (settings.profile) p.sql.forEach((line, i) => console.log(`  ${String(i + 1).padStart(2)}. ${line}`));
  }
  if (!settings.profile) console.log('(BENCH_PROFILE=1 lists the statements)');
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
