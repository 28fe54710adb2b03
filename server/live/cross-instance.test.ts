import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startApp, type RunningApp } from '../main.js';
import { redisConnectionName } from './redis-bus.js';
import { callAction } from '../../test/actions.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { eventually, liveClient, type LiveClient } from '../../test/live-client.js';
import { REDIS_URL, redisForTests } from '../../test/redis.js';

const CHANGES = 'subscription($t: ID) { ticketStatusChanged(ticketId: $t) { to ticket { id subject } event { id } } }';
type Change = { ticketStatusChanged: { to: string; ticket: { id: string; subject: string } } };

// CI and our machines run Redis (docs/stack.md, "Machines"); a contributor's laptop may not, and then only this file skips.
const redis = await redisForTests();

/** GraphQL over HTTP on any running instance, with a token that instance signed. */
async function gql(
  app: RunningApp,
  uid: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: Record<string, { id: string }> }> {
  const token = await app.devIssuer!.sign({ uid, name: uid });
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, { id: string }> };
}

const buses = [
  { bus: 'postgres', env: {} as Record<string, string>, skip: false },
  { bus: 'redis', env: { REDIS_URL, LIVE_CHANNEL: `helpdesk_test_${randomBytes(4).toString('hex')}` }, skip: !redis },
];

describe.each(buses)('two server instances on one database ($bus bus)', ({ bus, env, skip }) => {
  // A: the fixture's app (a suite whose tests are all skipped runs no hooks).
  const a = useTestApp(env);
  const s = useScene(a);
  let b: RunningApp;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    if (skip) return;
    // B: another instance of the same installation (same database, same channel), its own port and keys.
    b = await startApp(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        TIMER_INTERVAL_SECONDS: '0',
        DATABASE_URL: a.databaseUrl,
        ...env,
      }),
    );
  });
  afterAll(async () => {
    if (skip) return;
    await Promise.all(clients.map((c) => c.dispose()));
    await b.stop();
  });

  it.skipIf(skip)('should show a subscriber on A, within a second, a change made through B, and a stranger on A nothing', async () => {
    expect(a.live.bus).toBe(bus);
    const file = async (uid: string, subject: string): Promise<string> =>
      (
        await gql(b, uid, 'mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }', {
          i: { categoryId: String(s.category.id), subject, message: '<p>Bonjour</p>' },
        })
      ).data!.createTicket.id;
    const id = await file(s.owner.uid, 'Imprimante en panne');
    const owner = liveClient(a, await a.token(s.owner.uid));
    const stranger = liveClient(a, await a.token(s.stranger.uid));
    clients.push(owner, stranger);
    const seen = owner.subscribe<Change>(CHANGES, { t: id });
    const nothing = stranger.subscribe<Change>(CHANGES);
    await eventually(() => a.live.metrics.subscriptions === 2);

    const started = Date.now();
    await gql(b, s.manager.uid, 'mutation($t: ID!) { takeTicket(ticketId: $t) { id } }', { t: id });
    const [change] = await seen.waitFor(1, 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(change.ticketStatusChanged).toMatchObject({ to: 'IN_PROGRESS', ticket: { id, subject: 'Imprimante en panne' } });

    // The stranger's own ticket, filed through B after the change, is all they ever receive.
    const theirs = await file(s.stranger.uid, 'Mon ticket');
    expect((await nothing.waitFor(1)).map((c) => c.ticketStatusChanged.ticket.id)).toEqual([theirs]);
    expect(nothing.data).toHaveLength(1);
    expect(b.live.metrics.subscriptions).toBe(0);
  });
});

describe.skipIf(!redis)('the Redis connection dropped', () => {
  const channel = `helpdesk_test_${randomBytes(4).toString('hex')}`;
  const app = useTestApp({ REDIS_URL, LIVE_CHANNEL: channel });
  const s = useScene(app);

  it('should resubscribe, replay what was committed meanwhile from PostgreSQL, and deliver live again', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const c = liveClient(app, await app.token(s.owner.uid));
    const changes = c.subscribe<Change>(CHANGES, { t: id });
    await eventually(() => app.live.metrics.subscriptions === 1);

    // Kill only this test's own connections (found by their name), never another program's.
    const admin = new Redis(REDIS_URL);
    const list = (await admin.client('LIST')) as string;
    const ours = list.split('\n').filter((line) => line.includes(` name=${redisConnectionName(channel)} `));
    expect(ours).toHaveLength(2);
    for (const line of ours) await admin.client('KILL', 'ID', /\bid=(\d+)/.exec(line)![1]);
    admin.disconnect();
    ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: id }, 'id'));

    await eventually(() => app.live.metrics.busReconnects === 1, 10_000, 'the bus to resubscribe');
    expect((await changes.waitFor(1)).map((p) => p.ticketStatusChanged.to)).toEqual(['IN_PROGRESS']);
    // The publishing connection reconnects on its own schedule (a publish while it is down waits in its outbox):
    // wait until both of ours are back before expecting the next change live.
    const watcher = new Redis(REDIS_URL);
    const ourConnections = async (): Promise<number> =>
      ((await watcher.client('LIST')) as string).split('\n').filter((line) => line.includes(` name=${redisConnectionName(channel)} `))
        .length;
    for (let waited = 0; (await ourConnections()) < 2 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    watcher.disconnect();
    ok(await callAction(app, s.manager.uid, 'freeTicket', { ticketId: id }, 'id'));
    expect((await changes.waitFor(2)).map((p) => p.ticketStatusChanged.to)).toEqual(['IN_PROGRESS', 'FREE']);
    await c.dispose();
  });
});
