import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { BenchContext } from '../context.js';
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
  return measureFanout(
    {
      url: ctx.app.url,
      pid: ctx.app.pid,
      cpuMs: () => ctx.app.cpuMs(),
      token: (uid) => ctx.token(uid),
      adminUid: ctx.data.people.admin,
      log: (m) => ctx.log(m),
    },
    {
      subscribers: Number(env.LIVE_SUBSCRIBERS || (ctx.settings.smoke ? 50 : 1000)),
      events: Number(env.LIVE_EVENTS || (ctx.settings.smoke ? 6 : 100)),
      warmup: ctx.settings.smoke ? 2 : 10,
    },
  );
}

/**
 * R4, live fan-out: N members of one department, each on its own WebSocket subscribed to
 * `ticketStatusChanged(departmentId)`; a ticket of that department goes back and forth between
 * IN_PROGRESS and INCOMPLETE over HTTP (the manager asks, the owner answers), and for every
 * subscriber we time from the mutation's request to the payload's arrival. Target: p99 ≤ 250 ms
 * and every payload delivered (a missed one fails the row).
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
  const latencies: number[] = [];
  const mutations: number[] = [];
  let missed = 0;
  // Each change: the manager asks (→ INCOMPLETE) or the owner answers (→ IN_PROGRESS).
  const change = async (n: number): Promise<void> => {
    const [uid, query, to] = n % 2 === 0 ? [MANAGER, ASK, 'INCOMPLETE'] : [OWNER, ANSWER, 'IN_PROGRESS'];
    const sent = performance.now();
    const answer = await gql<Record<string, { id: string }>>(uid, query, { t: ticketId, m: `Échange ${n}` });
    mutations.push(performance.now() - sent);
    if (!Object.values(answer)[0]?.id) throw new Error(`R4: ${query} answered ${JSON.stringify(answer)}`);
    const arrived = await Promise.all(clients.map((c) => c.arrival(to, sent)));
    for (const at of arrived) if (at === undefined) missed++;
    latencies.push(...arrived.filter((at) => at !== undefined).map((at) => at - sent));
  };
  log(`R4: ${size.events} status changes (after ${size.warmup} not measured)…`);
  for (let n = 0; n < size.warmup; n++) await change(n);
  latencies.length = mutations.length = missed = 0;
  const cpu0 = target.cpuMs();
  const load0 = process.cpuUsage();
  for (let n = size.warmup; n < size.warmup + size.events; n++) await change(n);
  const serverCpu = target.cpuMs() - cpu0;
  const load = process.cpuUsage(load0);
  const refused = clients.reduce((sum, c) => sum + c.errors(), 0);
  for (const c of clients) c.close();

  const deliveries = latencies.length;
  latencies.sort((a, b) => a - b);
  mutations.sort((a, b) => a - b);
  const p99 = percentile(latencies, 0.99);
  const errors = missed + refused;
  return {
    id: 'R4',
    name: `live update fan-out: ${size.subscribers} subscribers of a department`,
    ours: p99,
    floor: null,
    unit: 'ms',
    ratio: null,
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
      server_cpu_ms_per_event: round(serverCpu / size.events),
      server_cpu_ms_per_delivery: round(serverCpu / Math.max(1, deliveries)),
      load_cpu_ms_per_event: round((load.user + load.system) / 1000 / size.events),
      server_heap_kib_per_subscriber:
        heapBefore !== undefined && heapAfter !== undefined ? round((heapAfter - heapBefore) / 1024 / size.subscribers) : null,
      server_rss_kib_per_subscriber:
        rssBefore !== undefined && rssAfter !== undefined ? round((rssAfter - rssBefore) / size.subscribers) : null,
    },
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
