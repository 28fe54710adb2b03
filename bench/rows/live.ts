import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { BenchContext } from '../context.js';
import { startLiveFloor, type Started } from '../processes.js';
import { graphql } from '../context.js';
import { percentile } from '../http-load.js';
import { round, type BenchResult } from '../results.js';

/** A running helpdesk (dev sign-in, no rate limit) and what the fan-out measurement may read of it. */
export interface FanoutTarget {
  url: string;
  /** The server's process id, for its resident memory (Linux /proc). */
  pid: number;
  /** The server's CPU time so far, in ms. */
  cpuMs: () => number;
  /** The server's live heap after a full GC, in bytes (when its inspector is reachable); more exact than RSS. */
  heapUsed?: () => Promise<number>;
  /** A dev token for a uid. */
  token: (uid: string) => Promise<string>;
  /** An administrator's uid (creates the department and its members). */
  adminUid: string;
  /** R4's floor (bench/live-floor-server.ts), measured with the same clients and changes; none: not measured. */
  floor?: Started;
  log: (message: string) => void;
}

/** How big a run is. */
export interface FanoutSize {
  subscribers: number;
  /** Measured status changes. */
  events: number;
  /** Status changes made first and not measured (the server's code gets compiled meanwhile). */
  warmup: number;
}

/** Bench department (found again on later runs, so repeated runs add no people, only a ticket and its history). */
const DEPARTMENT_CODE = 'BENCH-LIVE';
const MANAGER = 'bench.live.manager';
const OWNER = 'bench.live.owner';
const member = (i: number): string => `bench.live.${String(i).padStart(4, '0')}`;
/** How long a delivery may take before it counts as missed. */
const MISSED_AFTER_MS = 5000;
const SUBSCRIPTION =
  'subscription($d: ID) { ticketStatusChanged(departmentId: $d) { to ticket { id number subject status } event { id type } } }';
const ASK = 'mutation($t: ID!, $m: String!) { requestInformation(ticketId: $t, message: $m) { id } }';
const ANSWER = 'mutation($t: ID!, $m: String!) { addComment(ticketId: $t, message: $m) { id } }';

/** R4 from `npm run bench`: the run's server, 1,000 subscribers (50 in the smoke run; LIVE_SUBSCRIBERS, LIVE_EVENTS). */
export async function measureLive(ctx: BenchContext): Promise<BenchResult> {
  const env = process.env;
  const floor = await startLiveFloor();
  try {
    return await measureFanout(
      {
        url: ctx.app.url,
        pid: ctx.app.pid,
        cpuMs: () => ctx.app.cpuMs(),
        token: (uid) => ctx.token(uid),
        adminUid: ctx.data.people.admin,
        floor,
        log: (m) => ctx.log(m),
      },
      {
        subscribers: Number(env.LIVE_SUBSCRIBERS || (ctx.settings.smoke ? 50 : 1000)),
        events: Number(env.LIVE_EVENTS || (ctx.settings.smoke ? 6 : 100)),
        warmup: ctx.settings.smoke ? 2 : 10,
      },
    );
  } finally {
    await floor.stop();
  }
}

/**
 * R4, live fan-out: N members of one department, each on its own WebSocket subscribed to
 * `ticketStatusChanged(departmentId)`; a ticket of that department goes back and forth between
 * IN_PROGRESS and INCOMPLETE over HTTP (the manager asks, the owner answers), and for every
 * subscriber we time from the mutation's request to the payload's arrival. Target: p99 ≤ 250 ms
 * and every payload delivered (a missed one fails the row). Floor: the same clients and changes
 * against a bare WebSocket broadcast in its own process (what one write per subscriber costs).
 */
export async function measureFanout(target: FanoutTarget, size: FanoutSize): Promise<BenchResult> {
  const { url, log } = target;
  const gql = async <T>(uid: string, query: string, variables?: Record<string, unknown>): Promise<T> =>
    graphql<T>(url, await target.token(uid), query, variables);
  const { departmentId, categoryId, members } = await benchDepartment(target, gql);
  const uids = [MANAGER, ...Array.from({ length: size.subscribers - 1 }, (_, i) => member(i))];
  const joining = uids.filter((uid) => !members.has(uid));
  log(`R4: ${size.subscribers} members of department ${departmentId} (${joining.length} to add)…`);
  await inParallel([...joining, OWNER], 16, (uid) => gql(uid, '{ me { id } }'));
  await inParallel(joining, 16, (uid) =>
    gql(target.adminUid, 'mutation($i: DepartmentMemberInput!) { saveDepartmentMember(input: $i) { id } }', { i: { departmentId, uid } }),
  );
  const tokens = await Promise.all(uids.map((uid) => target.token(uid)));

  const rssBefore = rssKib(target.pid);
  const heapBefore = await target.heapUsed?.();
  log(`R4: opening ${size.subscribers} WebSocket subscriptions…`);
  const clients = await inParallel(tokens, 32, (t) => subscriber(url, t, departmentId));
  await sleep(1000);
  const rssAfter = rssKib(target.pid);
  const heapAfter = await target.heapUsed?.();

  const created = await gql<{ createTicket: { id: string } }>(
    OWNER,
    'mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }',
    {
      i: { categoryId, subject: 'Panne de la messagerie (fan-out)', message: '<p>La messagerie ne répond plus.</p>' },
    },
  );
  const ticketId = created.createTicket.id;
  await gql(MANAGER, 'mutation($t: ID!) { takeTicket(ticketId: $t) { id } }', { t: ticketId });
  // Each change: the manager asks (→ INCOMPLETE) or the owner answers (→ IN_PROGRESS).
  log(`R4: ${size.events} status changes (after ${size.warmup} not measured)…`);
  const ours = await timeChanges(clients, size, target.cpuMs, async (n) => {
    const [uid, query, to] = n % 2 === 0 ? [MANAGER, ASK, 'INCOMPLETE'] : [OWNER, ANSWER, 'IN_PROGRESS'];
    const answer = await gql<Record<string, { id: string } | undefined>>(uid, query, { t: ticketId, m: `Échange ${n}` });
    if (!Object.values(answer)[0]?.id) throw new Error(`R4: ${query} answered ${JSON.stringify(answer)}`);
    return to;
  });
  for (const c of clients) c.close();
  const floor = target.floor && (await measureFloor(target.floor, tokens, departmentId, size, log));

  const { latencies, mutations, missed, refused } = ours;
  const deliveries = latencies.length;
  const p99 = percentile(latencies, 0.99);
  const errors = missed + refused;
  return {
    id: 'R4',
    name: `live update fan-out: ${size.subscribers} subscribers of a department`,
    ours: p99,
    floor: floor ? floor.p99_ms : null,
    unit: 'ms',
    ratio: floor && floor.p99_ms > 0 ? round(p99 / floor.p99_ms) : null,
    p50_ms: percentile(latencies, 0.5),
    p99_ms: p99,
    target: 'p99 delivery <= 250 ms, none missed',
    pass: deliveries > 0 && p99 <= 250 && errors === 0,
    notes: {
      measured: 'status change mutation sent (HTTP) → payload received on each subscriber WebSocket',
      subscribers: size.subscribers,
      events: size.events,
      deliveries,
      missed,
      errors,
      // The first payload of a change: what comes before the fan-out (mutation, commit, bus, one load).
      min_ms: round(latencies[0] ?? 0),
      max_ms: percentile(latencies, 1),
      mutation_p50_ms: percentile(mutations, 0.5),
      server_cpu_ms_per_event: round(ours.serverCpu / size.events),
      server_cpu_ms_per_delivery: round(ours.serverCpu / Math.max(1, deliveries)),
      load_cpu_ms_per_event: round(ours.loadCpu / size.events),
      server_heap_kib_per_subscriber:
        heapBefore !== undefined && heapAfter !== undefined ? round((heapAfter - heapBefore) / 1024 / size.subscribers) : null,
      server_rss_kib_per_subscriber:
        rssBefore !== undefined && rssAfter !== undefined ? round((rssAfter - rssBefore) / size.subscribers) : null,
      floor: floor ?? 'not measured',
    },
  };
}

/** What one series of changes measured: latencies (sorted, ms), CPU times (ms), deliveries missed. */
interface Timed {
  latencies: number[];
  mutations: number[];
  missed: number;
  refused: number;
  serverCpu: number;
  loadCpu: number;
}

/**
 * `size.warmup` then `size.events` changes, one at a time: each is made by `change(n)` (which answers
 * the status it set) and waited for on every client.
 */
async function timeChanges(
  clients: readonly Subscriber[],
  size: FanoutSize,
  serverCpuMs: () => number,
  change: (n: number) => Promise<string>,
): Promise<Timed> {
  const timed: Timed = { latencies: [], mutations: [], missed: 0, refused: 0, serverCpu: 0, loadCpu: 0 };
  const one = async (n: number): Promise<void> => {
    const sent = performance.now();
    const to = await change(n);
    timed.mutations.push(performance.now() - sent);
    const arrived = await Promise.all(clients.map((c) => c.arrival(to, sent)));
    for (const at of arrived) if (at === undefined) timed.missed++;
    timed.latencies.push(...arrived.filter((at) => at !== undefined).map((at) => at - sent));
  };
  for (let n = 0; n < size.warmup; n++) await one(n);
  timed.latencies.length = timed.mutations.length = timed.missed = 0;
  const cpu0 = serverCpuMs();
  const load0 = process.cpuUsage();
  for (let n = size.warmup; n < size.warmup + size.events; n++) await one(n);
  timed.serverCpu = serverCpuMs() - cpu0;
  const load = process.cpuUsage(load0);
  timed.loadCpu = (load.user + load.system) / 1000;
  timed.refused = clients.reduce((sum, c) => sum + c.errors(), 0);
  timed.latencies.sort((a, b) => a - b);
  timed.mutations.sort((a, b) => a - b);
  return timed;
}

/** The floor: the same clients and changes against a bare WebSocket broadcast (bench/live-floor-server.ts). */
async function measureFloor(
  floor: Started,
  tokens: readonly string[],
  departmentId: string,
  size: FanoutSize,
  log: (message: string) => void,
): Promise<Record<string, number>> {
  log(`R4 floor: ${tokens.length} WebSocket subscriptions to a bare broadcast…`);
  const clients = await inParallel(tokens, 32, (t) => subscriber(floor.url, t, departmentId));
  const timed = await timeChanges(
    clients,
    size,
    () => floor.cpuMs(),
    async (n) => {
      const to = n % 2 === 0 ? 'INCOMPLETE' : 'IN_PROGRESS';
      const res = await fetch(`${floor.url}/change?to=${to}`, { method: 'POST' });
      if (!res.ok) throw new Error(`R4 floor answered ${res.status}`);
      return to;
    },
  );
  for (const c of clients) c.close();
  return {
    p50_ms: percentile(timed.latencies, 0.5),
    p99_ms: percentile(timed.latencies, 0.99),
    max_ms: percentile(timed.latencies, 1),
    missed: timed.missed,
    server_cpu_ms_per_event: round(timed.serverCpu / size.events),
    load_cpu_ms_per_event: round(timed.loadCpu / size.events),
  };
}

type Gql = <T>(uid: string, query: string, variables?: Record<string, unknown>) => Promise<T>;

/** The bench department, its members' uids and a category in it: created the first time, found again afterwards. */
async function benchDepartment(
  target: FanoutTarget,
  gql: Gql,
): Promise<{ departmentId: string; categoryId: string; members: Set<string> }> {
  const admin = target.adminUid;
  const { departments } = await gql<{ departments: { id: string; code: string; members: { user: { uid: string } }[] }[] }>(
    admin,
    '{ departments { id code members { user { uid } } } }',
  );
  const found = departments.find((d) => d.code === DEPARTMENT_CODE);
  let departmentId = found?.id;
  if (!departmentId) {
    const created = await gql<{ createDepartment: { id: string } }>(
      admin,
      'mutation($i: CreateDepartmentInput!) { createDepartment(input: $i) { id } }',
      { i: { code: DEPARTMENT_CODE, label: 'Fan-out (benchmark)' } },
    );
    departmentId = created.createDepartment.id;
  }
  const { categories } = await gql<{ categories: { id: string; department: { id: string } }[] }>(
    admin,
    '{ categories(filter: "Fan-out") { id department { id } } }',
  );
  let categoryId = categories.find((c) => c.department.id === departmentId)?.id;
  if (!categoryId) {
    const created = await gql<{ createCategory: { id: string } }>(
      admin,
      'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { id } }',
      { i: { departmentId, label: 'Fan-out' } },
    );
    categoryId = created.createCategory.id;
  }
  return { departmentId, categoryId, members: new Set(found?.members.map((m) => m.user.uid)) };
}

/** One subscriber's side: when each change arrived, and what went wrong on its connection. */
interface Subscriber {
  /** When the next change to `to` arrived (after `since`), or undefined when it did not within MISSED_AFTER_MS. */
  arrival(to: string, since: number): Promise<number | undefined>;
  /** Errors and unexpected closes seen. */
  errors(): number;
  close(): void;
}

/** A bare graphql-transport-ws client: one socket, one subscription. */
async function subscriber(url: string, bearer: string, departmentId: string): Promise<Subscriber> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const arrived: { to: string; at: number }[] = [];
  let waiting: ((at: number) => void) | undefined;
  let waitingFor: string | undefined;
  let errors = 0;
  let closing = false;
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.on('close', () => {
    if (!closing) errors++;
  });
  const acked = new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; payload?: { data?: { ticketStatusChanged?: { to: string } } } };
      if (message.type === 'connection_ack') resolve();
      if (message.type === 'error') errors++;
      const change = message.payload?.data?.ticketStatusChanged;
      if (message.type !== 'next' || !change) return;
      const at = performance.now();
      if (waiting && waitingFor === change.to) {
        const resolveIt = waiting;
        waiting = undefined;
        resolveIt(at);
      } else arrived.push({ to: change.to, at });
    });
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${bearer}` } }));
  await acked;
  socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: SUBSCRIPTION, variables: { d: departmentId } } }));
  return {
    arrival(to, since) {
      const i = arrived.findIndex((a) => a.to === to && a.at >= since);
      if (i >= 0) return Promise.resolve(arrived.splice(0, i + 1).at(-1)!.at);
      arrived.length = 0;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting = undefined;
          resolve(undefined);
        }, MISSED_AFTER_MS);
        waitingFor = to;
        waiting = (at) => {
          clearTimeout(timer);
          resolve(at);
        };
      });
    },
    errors: () => errors,
    close() {
      closing = true;
      socket.close();
    },
  };
}

/** Runs `run` over `items`, `width` at a time, keeping their order. */
export async function inParallel<T, R>(items: readonly T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
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

function rssKib(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(/\d+/.exec(line)![0]) : undefined;
  } catch {
    return undefined;
  }
}
