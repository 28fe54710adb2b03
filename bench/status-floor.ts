import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { query, withDatabase } from './database.js';
import { findPgbench, runPgbench } from './pgbench.js';

/**
 * The floor of R5 for OUR statements: the SQL one status change sends (as the action runner sends it,
 * literals inlined like MikroORM's), through `pg` directly from this process, by as many clients as
 * R5, on the same tickets and the same ping-pong (requestInformation ↔ addComment). No HTTP, no
 * GraphQL, no ORM: what is left is PostgreSQL and the round trips. Beside it, pgbench tpcb-like at the
 * same client count, so the ratio R5 can reach at best through this path reads directly.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node --import @swc-node/register/esm-register bench/status-floor.ts
 *
 * Settings (env): BENCH_DATABASE (bench_data_1m), BENCH_CLIENTS (8), BENCH_SECONDS (10).
 */
const env = process.env;
const clients = Number(env.BENCH_CLIENTS ?? 8);
const seconds = Number(env.BENCH_SECONDS ?? 10);
const adminUrl = withDatabase(env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'postgres');
const url = withDatabase(adminUrl, env.BENCH_DATABASE ?? 'bench_data_1m');

interface Person {
  id: number;
  uid: string;
  departments: number[];
}
interface LaneTicket {
  id: number;
  manager: Person;
  owner: Person;
  status: 'IN_PROGRESS' | 'INCOMPLETE';
}

/** The statements of one action, in order, each named for the per-statement table. */
const STEPS = ['sign-in', 'read check', 'begin', 'lock + facts', 'entry + row', 'commit', 'live notify'] as const;
type Step = (typeof STEPS)[number];

const literal = (value: string): string => pg.Client.prototype.escapeLiteral(value);

/** One status change, statement by statement as the server sends it (server/lifecycle/runner.ts, entry.ts, ticket-row.ts). */
async function act(client: pg.Client, ticket: LaneTicket, withSignIn: boolean, spent: Map<Step, number>): Promise<void> {
  const asking = ticket.status === 'IN_PROGRESS';
  const actor = asking ? ticket.manager : ticket.owner;
  const timed = async <T extends pg.QueryResultRow>(step: Step, sql: string): Promise<T[]> => {
    const t0 = performance.now();
    const result = await client.query<T>(sql);
    spent.set(step, (spent.get(step) ?? 0) + performance.now() - t0);
    return result.rows;
  };
  if (withSignIn) {
    await timed(
      'sign-in',
      `select u.*, coalesce((select json_agg(json_build_array(m.department_id, m.role)) from department_member m where m.user_id = u.id), '[]') as memberships
       from app_user u where u.uid = ${literal(actor.uid)}`,
    );
  }
  const me = actor.id;
  const readable = await timed(
    'read check',
    `select 1 as readable from ticket t join department d on d.id = t.department_id where t.id = ${ticket.id} and (t.owner_id = ${me} or t.department_id = any('{${actor.departments.join(',')}}'::int[])
      or exists (select 1 from invitation i where i.ticket_id = t.id and i.user_id = ${me})
      or (not d.confidential and (t.creator_id = ${me} or t.visibility <> 'PRIVATE')))`,
  );
  if (readable.length === 0) throw new Error(`ticket ${ticket.id} is not readable by ${actor.uid}`);
  await timed('begin', 'BEGIN;');
  try {
    const [row] = await timed<{ version: number; status: string }>(
      'lock + facts',
      `select t.*, d.confidential as facts_confidential, d.reopen_days as facts_reopen_days, d.expire_days as facts_expire_days,
       coalesce((select json_agg(json_build_array(i.user_id, i.invited_by_id) order by i.id) from invitation i where i.ticket_id = t.id), '[]') as facts_invitations,
       exists (select 1 from watcher w where w.ticket_id = t.id and w.user_id = ${me}) as facts_watching from ticket t join department d on d.id = t.department_id where t.id = ${ticket.id} for update of t`,
    );
    if (row.status !== ticket.status) throw new Error(`ticket ${ticket.id} is ${row.status}, expected ${ticket.status}`);
    const to = asking ? 'INCOMPLETE' : 'IN_PROGRESS';
    const type = asking ? 'INFORMATION_REQUESTED' : 'INFORMATION_GIVEN';
    const message = asking ? "<p>Pouvez-vous préciser le message d'erreur ?</p>" : '<p>Le message est « session expirée ».</p>';
    const now = literal(new Date().toISOString());
    const [written] = await timed<{ version: number; event_id: string }>(
      'entry + row',
      `with entry as (
       insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
       values (${ticket.id}, '${type}', ${now}, ${me}, '${ticket.status}', '${to}', ${literal(message)}, 'PARTICIPANTS', '[]', false) returning id)
     update ticket set status = '${to}', last_activity_at = ${now}, updated_at = ${now}, version = version + 1
     where id = ${ticket.id} and version = ${row.version} returning version, (select id from entry) as event_id`,
    );
    await timed('commit', 'COMMIT;');
    ticket.status = to;
    await timed(
      'live notify',
      `select pg_notify('helpdesk_live', ${literal(JSON.stringify({ ticketId: ticket.id, eventId: written.event_id }))})`,
    );
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The same lanes as R5 (bench/rows/status-change.ts): open tickets with a manager who is a member, one lane per client. */
async function lanes(): Promise<LaneTicket[][]> {
  const rows = await query<{ id: number; status: LaneTicket['status']; manager: Person; owner: Person }>(
    url,
    `select t.id, t.status,
       json_build_object('id', m.id, 'uid', m.uid, 'departments', (select coalesce(json_agg(x.department_id), '[]') from department_member x where x.user_id = m.id)) as manager,
       json_build_object('id', o.id, 'uid', o.uid, 'departments', (select coalesce(json_agg(x.department_id), '[]') from department_member x where x.user_id = o.id)) as owner
     from ticket t
     join app_user m on m.id = t.manager_id join app_user o on o.id = t.owner_id
     join department_member dm on dm.user_id = t.manager_id and dm.department_id = t.department_id
     where t.status in ('IN_PROGRESS', 'INCOMPLETE') order by t.id desc limit $1`,
    [clients * 20],
  );
  return Array.from({ length: clients }, (_, c) => rows.filter((_, i) => i % clients === c));
}

async function measure(withSignIn: boolean): Promise<{ tps: number; cpuMs: number; spent: Map<Step, number>; actions: number }> {
  const all = await lanes();
  const connections = await Promise.all(
    all.map(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const spent = new Map<Step, number>();
  let actions = 0;
  const run = async (duration: number, counting: boolean): Promise<number> => {
    const started = performance.now();
    const deadline = started + duration * 1000;
    await Promise.all(
      all.map(async (lane, c) => {
        for (let i = 0; performance.now() < deadline; i++) {
          await act(connections[c], lane[i % lane.length], withSignIn, counting ? spent : new Map<Step, number>());
          if (counting) actions++;
        }
      }),
    );
    return (performance.now() - started) / 1000;
  };
  try {
    await run(2, false);
    const cpu0 = process.cpuUsage();
    const elapsed = await run(seconds, true);
    const cpu = process.cpuUsage(cpu0);
    return { tps: actions / elapsed, cpuMs: (cpu.user + cpu.system) / 1000 / actions, spent, actions };
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
}

async function main(): Promise<void> {
  const bin = await findPgbench();
  const floor = bin ? (await runPgbench(bin, withDatabase(adminUrl, 'bench_pgbench'), clients, seconds)).tps : null;
  console.log(`pgbench tpcb-like -c ${clients} -T ${seconds}: ${floor === null ? 'pgbench not found' : `${floor.toFixed(0)} tps`}`);
  for (const withSignIn of [false, true]) {
    const { tps, cpuMs, spent, actions } = await measure(withSignIn);
    const steps = STEPS.filter((s) => spent.has(s));
    const ratio = floor === null ? '' : `, ${(tps / floor).toFixed(2)} of pgbench`;
    console.log(
      `\nour statements${withSignIn ? ' with the sign-in statement' : ''} (${steps.length} a status change), ${clients} clients: ` +
        `${tps.toFixed(0)} tps${ratio}; this process ${cpuMs.toFixed(3)} ms CPU an action (pg driver only)`,
    );
    for (const step of steps)
      console.log(`  ${step.padEnd(12)} ${((spent.get(step) ?? 0) / actions).toFixed(3)} ms a statement (round trip)`);
  }
}

await main();
