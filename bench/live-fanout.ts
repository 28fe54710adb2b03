import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';

/**
 * R4, live fan-out (issue 10): N subscribers of one department (1,000 by default), each on its own
 * WebSocket, subscribed to `ticketStatusChanged(departmentId)`; status changes are made over HTTP
 * and we time, for every subscriber, from the mutation's request to the payload's arrival.
 * Target: p99 ≤ 250 ms. Also reports the server's resident memory per subscriber.
 *
 * `npm run bench:live` runs it alone: a throwaway database on DATABASE_URL's cluster, the server in
 * its own process. `measureFanout` takes any running server (bench/run.ts's), see its options.
 * Settings: LIVE_SUBSCRIBERS (1000), LIVE_EVENTS (20 rounds of two changes: created, taken), DATABASE_URL.
 */

/** What `measureFanout` needs: a running helpdesk in dev mode with ADMIN_UIDS including `adminUid` and no rate limit. */
export interface FanoutOptions {
  url: string;
  /** The server's process id, for its CPU time and resident memory (Linux /proc). */
  serverPid?: number;
  /** The server's live heap after a full GC, in bytes (through its inspector); more exact than RSS. */
  heapUsed?: () => Promise<number>;
  adminUid?: string;
  subscribers?: number;
  rounds?: number;
  log?: (message: string) => void;
}

/** One row of the results file (the shape of bench/results.ts's BenchResult). */
export interface FanoutResult {
  id: 'R4';
  name: string;
  ours: number;
  floor: null;
  unit: 'ms';
  ratio: null;
  p50_ms: number;
  p99_ms: number;
  target: string;
  pass: boolean;
  notes: Record<string, unknown>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUBSCRIPTION =
  'subscription($d: ID) { ticketStatusChanged(departmentId: $d) { to ticket { id number subject status } event { id type } } }';

/** Measures R4 against a running server. */
export async function measureFanout(options: FanoutOptions): Promise<FanoutResult> {
  const { url, adminUid = 'bench-admin', subscribers = 1000, rounds = 20, log = () => {} } = options;
  const gql = graphqlAt(url);
  const admin = await token(url, adminUid);
  const dept = await gql<{ createDepartment: { id: string } }>(
    admin,
    'mutation($i: CreateDepartmentInput!) { createDepartment(input: $i) { id } }',
    {
      i: { code: `LIVE${process.pid}`.slice(0, 30), label: 'Fan-out' },
    },
  );
  const departmentId = dept.createDepartment.id;
  const category = await gql<{ createCategory: { id: string } }>(
    admin,
    'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { id } }',
    {
      i: { departmentId, label: 'ENT' },
    },
  );
  const [owner, manager] = [await token(url, 'fanout-owner'), await token(url, 'fanout-manager')];
  const uids = ['fanout-manager', ...Array.from({ length: subscribers - 1 }, (_, i) => `fanout-${i}`)];
  log(`R4: signing in ${subscribers} members of department ${departmentId}…`);
  const tokens = await inParallel(uids, 16, async (uid) => {
    const t = uid === 'fanout-manager' ? manager : await token(url, uid);
    await gql(t, '{ me { id } }');
    await gql(admin, 'mutation($i: DepartmentMemberInput!) { saveDepartmentMember(input: $i) { id } }', { i: { departmentId, uid } });
    return t;
  });
  await gql(owner, '{ me { id } }');

  const memoryBefore = rssKib(options.serverPid);
  const heapBefore = await options.heapUsed?.();
  log(`R4: opening ${subscribers} WebSocket subscriptions…`);
  const clients = await inParallel(tokens, 32, (t) => subscriber(url, t, departmentId));
  await sleep(1000);
  const memoryAfter = rssKib(options.serverPid);
  const heapAfter = await options.heapUsed?.();

  const latencies: number[] = [];
  const mutations: number[] = [];
  let lost = 0;
  const change = async (key: string, mutate: () => Promise<string>): Promise<{ ms: number[]; lost: number }> => {
    const sent = performance.now();
    const ticketId = await mutate();
    mutations.push(performance.now() - sent);
    const arrived = await Promise.all(clients.map((c) => c.arrival(`${ticketId}:${key}`, 5000)));
    return { ms: arrived.filter((t) => t !== undefined).map((t) => t - sent), lost: arrived.filter((t) => t === undefined).length };
  };
  log(`R4: ${rounds} rounds (a ticket filed, then taken), 2 warm-up rounds…`);
  let cpuBefore = NaN;
  for (let round = -2; round < rounds; round++) {
    if (round === 0) {
      cpuBefore = cpuMs(options.serverPid);
      mutations.length = 0;
    }
    let ticketId = '';
    const created = await change('FREE', async () => {
      const r = await gql<{ createTicket: { id: string } }>(owner, 'mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }', {
        i: { categoryId: category.createCategory.id, subject: `Panne ${round}`, message: '<p>La messagerie ne répond plus.</p>' },
      });
      return (ticketId = r.createTicket.id);
    });
    const taken = await change('IN_PROGRESS', async () => {
      await gql(manager, 'mutation($t: ID!) { takeTicket(ticketId: $t) { id } }', { t: ticketId });
      return ticketId;
    });
    if (round < 0) continue;
    latencies.push(...created.ms, ...taken.ms);
    lost += created.lost + taken.lost;
  }
  const serverCpu = cpuMs(options.serverPid) - cpuBefore;
  for (const c of clients) c.close();
  mutations.sort((a, b) => a - b);

  latencies.sort((a, b) => a - b);
  const p50 = round2(percentile(latencies, 0.5));
  const p99 = round2(percentile(latencies, 0.99));
  const perSubscriber = memoryBefore !== undefined && memoryAfter !== undefined ? round2((memoryAfter - memoryBefore) / subscribers) : null;
  return {
    id: 'R4',
    name: `live fan-out: ${subscribers} subscribers of a department, mutation sent → payload received`,
    ours: p99,
    floor: null,
    unit: 'ms',
    ratio: null,
    p50_ms: p50,
    p99_ms: p99,
    target: 'p99 ≤ 250 ms, no payload lost',
    pass: p99 <= 250 && lost === 0,
    notes: {
      subscribers,
      events: rounds * 2,
      deliveries: latencies.length,
      lost,
      max_ms: round2(latencies.at(-1) ?? 0),
      mutation_p50_ms: round2(percentile(mutations, 0.5)),
      server_cpu_ms_per_delivery: Number.isNaN(serverCpu) ? null : round2(serverCpu / Math.max(1, latencies.length)),
      load_average_1m: round2(os.loadavg()[0]),
      server_heap_kib_per_subscriber:
        heapBefore !== undefined && heapAfter !== undefined ? round2((heapAfter - heapBefore) / 1024 / subscribers) : null,
      server_rss_kib_per_subscriber: perSubscriber,
      server_rss_mib: memoryAfter === undefined ? null : round2(memoryAfter / 1024),
    },
  };
}

/** A bare graphql-transport-ws client that notes when each (ticket, status) arrived. */
async function subscriber(
  url: string,
  bearer: string,
  departmentId: string,
): Promise<{ arrival(key: string, ms: number): Promise<number | undefined>; close(): void }> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const seen = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const acked = new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        payload?: { data?: { ticketStatusChanged: { to: string; ticket: { id: string } } } };
      };
      if (message.type === 'connection_ack') resolve();
      const change = message.payload?.data?.ticketStatusChanged;
      if (message.type !== 'next' || !change) return;
      const key = `${change.ticket.id}:${change.to}`;
      const at = performance.now();
      seen.set(key, at);
      waiting.get(key)?.(at);
    });
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${bearer}` } }));
  await acked;
  socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: SUBSCRIPTION, variables: { d: departmentId } } }));
  return {
    arrival(key, ms) {
      const at = seen.get(key);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(undefined), ms);
        waiting.set(key, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      });
    },
    close: () => socket.close(),
  };
}

type Gql = <T = unknown>(bearer: string, query: string, variables?: Record<string, unknown>) => Promise<T>;

function graphqlAt(url: string): Gql {
  return async <T = unknown>(bearer: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
}

async function token(url: string, uid: string): Promise<string> {
  const res = await fetch(`${url}/auth/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uid }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function inParallel<T, R>(items: readonly T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await run(items[i]);
      }
    }),
  );
  return results;
}

function rssKib(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(/\d+/.exec(line)![0]) : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU time of a process so far, in ms (fields 14 and 15 of /proc/<pid>/stat, in 10 ms ticks). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** `npm run bench:live`: a throwaway database, the server in its own process, R4 printed as JSON. */
async function main(): Promise<void> {
  const env = process.env;
  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  const cluster = new URL(env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
  cluster.pathname = '/postgres';
  const name = `bench_live_${process.pid}`;
  const database = new URL(cluster.href);
  database.pathname = `/${name}`;
  const maintenance = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: cluster.href });
    client.on('error', () => {});
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await maintenance(`create database "${name}"`);
  const server = await startServer(database.href, log);
  try {
    const result = await measureFanout({
      url: server.url,
      serverPid: server.pid,
      heapUsed: () => server.heapUsed(),
      subscribers: Number(env.LIVE_SUBSCRIBERS ?? 1000),
      rounds: Number(env.LIVE_EVENTS ?? 20),
      log,
    });
    console.log(
      JSON.stringify(
        { machine: { cpus: os.cpus().length, node: process.version, load_average_1m: round2(os.loadavg()[0]) }, results: [result] },
        null,
        2,
      ),
    );
    if (!result.pass) process.exitCode = 1;
  } finally {
    await server.stop();
    await maintenance(`drop database if exists "${name}" with (force)`);
  }
}

/** The helpdesk from its TypeScript sources in a child process (the load must not share its event loop). */
async function startServer(
  databaseUrl: string,
  log: (message: string) => void,
): Promise<{ url: string; pid: number; heapUsed(): Promise<number>; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', '--import', '@swc-node/register/esm-register', 'server/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      NODE_ENV: 'development',
      AUTH_MODE: 'dev',
      ADMIN_UIDS: 'bench-admin',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      TIMER_INTERVAL_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_USER_PER_MINUTE: '0',
    },
  });
  log(`R4: starting the server (pid ${child.pid})…`);
  process.once('exit', () => child.kill('SIGKILL'));
  // The inspector's address comes first on stderr; the rest of stderr is passed through.
  const inspector = new Promise<string>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      const address = /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1];
      if (address) resolve(address);
      else if (!text.includes('For help, see') && !text.includes('Debugger attached')) process.stderr.write(text);
    });
  });
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (waited > 120_000) throw new Error('the server did not start within 120 s');
    await sleep(200);
  }
  const session = await inspectorSession(await inspector);
  return {
    url,
    pid: child.pid!,
    heapUsed: async () => {
      await session('HeapProfiler.collectGarbage');
      return ((await session('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    },
    stop: async () => {
      session.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** A minimal Chrome DevTools Protocol client: sends a method, resolves with its result. */
async function inspectorSession(address: string): Promise<((method: string) => Promise<unknown>) & { close(): void }> {
  const socket = new WebSocket(address);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  let next = 0;
  const call = (method: string): Promise<unknown> =>
    new Promise((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  return Object.assign(call, { close: () => socket.close() });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
