import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../context.js';
import { query, withDatabase } from '../database.js';
import { percentile } from '../http-load.js';
import { findPgbench, initPgbench, INSTALL_HINT, runPgbench } from '../pgbench.js';
import { round, type BenchResult } from '../results.js';

/** One ticket of a client's lane, who acts on it, and the status it is in now. */
interface LaneTicket {
  id: string;
  manager: string;
  owner: string;
  status: 'IN_PROGRESS' | 'INCOMPLETE';
}

const ASK = `mutation($id: ID!, $m: String!) { requestInformation(ticketId: $id, message: $m) { id status } }`;
const ANSWER = `mutation($id: ID!, $m: String!) { addComment(ticketId: $id, message: $m) { id status } }`;

/**
 * R5: status changes through the real action path, over GraphQL: the ticket manager asks for
 * information (IN_PROGRESS → INCOMPLETE), the owner answers (→ IN_PROGRESS); each is lock + update +
 * history entry (+ search document) in one transaction. Each client has its own tickets, so clients
 * never wait on each other's locks, like pgbench's. Floor: pgbench tpcb-like at the same client count.
 */
export async function measureStatusChange(ctx: BenchContext): Promise<BenchResult> {
  const { clients, seconds, warmup } = ctx.settings;
  const lanes = await prepareLanes(ctx, clients);
  for (const ticket of new Set(lanes.flat().flatMap((t) => [t.manager, t.owner]))) await ctx.token(ticket);
  ctx.log(`R5: status changes over GraphQL, ${clients} clients × ${lanes[0].length} tickets, ${seconds} s…`);
  if (warmup > 0) await closedLoop(ctx, lanes, warmup);
  const cpu0 = ctx.app.cpuMs();
  const ours = await closedLoop(ctx, lanes, seconds);
  const cpuPerAction = (ctx.app.cpuMs() - cpu0) / Math.max(1, ours.latencies.length);
  const floor = await pgbenchFloor(ctx);
  const tps = ours.latencies.length / ours.elapsed;
  const ratio = floor === null ? null : round(tps / floor);
  return {
    id: 'R5',
    name: 'status change through the action path (GraphQL: lock, update, history entry)',
    ours: round(tps),
    floor: floor === null ? null : round(floor),
    unit: 'tps',
    ratio,
    p50_ms: percentile(ours.latencies, 0.5),
    p99_ms: percentile(ours.latencies, 0.99),
    target: '>= 0.25 of pgbench tpcb-like (issue 22)',
    pass: ratio === null ? null : ours.errors === 0 && ratio >= 0.25,
    notes: {
      floor: floor === null ? INSTALL_HINT : `pgbench tpcb-like, -c ${clients}, scale ${ctx.settings.smoke ? 1 : 10}`,
      clients,
      errors: ours.errors,
      first_error: ours.firstError,
      server_cpu_ms_per_action: round(cpuPerAction),
    },
  };
}

/** Open tickets with a ticket manager, in the status the ping-pong needs, split into one lane per client. */
export async function prepareLanes(ctx: BenchContext, clients: number): Promise<LaneTicket[][]> {
  const perLane = ctx.settings.smoke ? 4 : 20;
  const rows = await query<LaneTicket>(
    ctx.data.url,
    `select t.id::text as id, m.uid as manager, o.uid as owner, t.status from ticket t
     join app_user m on m.id = t.manager_id join app_user o on o.id = t.owner_id
     join department_member dm on dm.user_id = t.manager_id and dm.department_id = t.department_id
     where t.status in ('IN_PROGRESS', 'INCOMPLETE') order by t.id desc limit $1`,
    [clients * perLane],
  );
  if (rows.length < clients) throw new Error(`R5 needs at least ${clients} open tickets with a manager; the data set has ${rows.length}`);
  return Array.from({ length: clients }, (_, c) => rows.filter((_, i) => i % clients === c));
}

/** Signed-in GraphQL calls to one server. */
export type Caller = BenchContext['gql'];

export async function closedLoop(
  ctx: BenchContext,
  lanes: LaneTicket[][],
  seconds: number,
  gql: Caller = ctx.gql,
): Promise<{ latencies: number[]; errors: number; firstError: string | undefined; elapsed: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    lanes.map(async (lane) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const ticket = lane[i % lane.length];
        const t0 = performance.now();
        try {
          await step(gql, ticket);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
          await resync(ctx, ticket);
        }
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), errors, firstError, elapsed: (performance.now() - started) / 1000 };
}

async function step(gql: Caller, ticket: LaneTicket): Promise<void> {
  const asking = ticket.status === 'IN_PROGRESS';
  const data = asking
    ? await gql<{ requestInformation: { status: string } }>(ticket.manager, ASK, {
        id: ticket.id,
        m: "<p>Pouvez-vous préciser le message d'erreur ?</p>",
      })
    : await gql<{ addComment: { status: string } }>(ticket.owner, ANSWER, {
        id: ticket.id,
        m: '<p>Le message est « session expirée ».</p>',
      });
  const status = 'requestInformation' in data ? data.requestInformation.status : data.addComment.status;
  const expected = asking ? 'INCOMPLETE' : 'IN_PROGRESS';
  if (status !== expected) throw new Error(`ticket ${ticket.id} is ${status}, expected ${expected}`);
  ticket.status = expected;
}

/** After a failure, reads the ticket's real status so the lane goes on. */
async function resync(ctx: BenchContext, ticket: LaneTicket): Promise<void> {
  const rows = await query<{ status: LaneTicket['status'] }>(ctx.data.url, 'select status from ticket where id = $1', [Number(ticket.id)]);
  if (rows[0]) ticket.status = rows[0].status;
}

/** pgbench tpcb-like in its own database of the same cluster (initialised each run so its history table stays small). */
async function pgbenchFloor(ctx: BenchContext): Promise<number | null> {
  const bin = await findPgbench();
  if (!bin) {
    ctx.log(INSTALL_HINT);
    return null;
  }
  const adminUrl = withDatabase(ctx.data.url, 'postgres');
  const url = withDatabase(adminUrl, 'bench_pgbench');
  if ((await query(adminUrl, `select 1 from pg_database where datname = 'bench_pgbench'`)).length === 0)
    await query(adminUrl, 'create database bench_pgbench');
  const { clients, seconds, smoke } = ctx.settings;
  ctx.log(`R5 floor: pgbench -i, then tpcb-like -c ${clients} -T ${seconds}…`);
  await initPgbench(bin, url, smoke ? 1 : 10);
  ctx.log('R5 floor: pgbench initialised, running…');
  return (await runPgbench(bin, url, clients, seconds)).tps;
}
