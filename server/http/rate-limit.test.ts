import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { RateLimitedError } from '../errors.js';
import { startApp, type RunningApp } from '../main.js';
import { useTestApp } from '../../test/fixture.js';
import { createRateLimits } from './rate-limit.js';

interface Sent {
  status: number;
  retryAfterHeader: string | null;
  code: unknown;
  retryAfter: unknown;
}

async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<Sent> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: unknown; retryAfter?: unknown } }[] };
  const extensions = body.errors?.[0]?.extensions ?? {};
  return { status: res.status, retryAfterHeader: res.headers.get('retry-after'), code: extensions.code, retryAfter: extensions.retryAfter };
}

function expectRateLimited(sent: Sent): void {
  expect(sent).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  expect(sent.retryAfter).toBeGreaterThanOrEqual(1);
  expect(sent.retryAfter).toBeLessThanOrEqual(60);
  expect(Number(sent.retryAfterHeader)).toBe(sent.retryAfter);
}

describe('rate limits behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  const env = { TRUST_PROXY: 'loopback', RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_USER_PER_MINUTE: '4', MAX_MUTATIONS_PER_REQUEST: '3' };
  const app = useTestApp(env);
  let second: RunningApp | undefined;
  let address = 0;
  /** A fresh client address per call, so the per-address budget stays out of the per-user tests. */
  const from = (ip = `198.51.100.${++address}`): Record<string, string> => ({ 'x-forwarded-for': ip });
  afterAll(async () => {
    await second?.stop();
  });

  it('should answer RATE_LIMITED with retryAfter and Retry-After once an address exceeds its budget', async () => {
    const sent: Sent[] = [];
    for (let i = 0; i < 7; i++) sent.push(await post(app.url, '{ me { uid } }', from('203.0.113.1')));
    expect(sent.map((s) => s.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expectRateLimited(sent[6]);
    // Another address behind the same proxy keeps its own budget.
    expect((await post(app.url, '{ me { uid } }', from('203.0.113.2'))).status).toBe(401);
  });

  it('should keep the counters in PostgreSQL, so two instances share one budget', async () => {
    second = await startApp(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        TIMER_INTERVAL_SECONDS: '0',
        DATABASE_URL: app.databaseUrl,
        ...env,
      }),
    );
    const ip = from('203.0.113.3');
    const statuses = [];
    for (const instance of [app, second, app, second, app, second]) {
      statuses.push((await post(instance.url, '{ me { uid } }', ip)).status);
      // Each instance counts in memory and syncs once a second; here both sync after every request.
      await app.rateLimits.sync();
      await second.rateLimits.sync();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('should refuse, after a sync, a client that spent its budget on another instance, before its first request there', async () => {
    const ip = from('203.0.113.4');
    for (let i = 0; i < 5; i++) expect((await post(app.url, '{ me { uid } }', ip)).status).toBe(401);
    await app.rateLimits.sync();
    await second!.rateLimits.sync();
    expectRateLimited(await post(second!.url, '{ me { uid } }', ip));
  });

  it('should limit each user whatever address they come from', async () => {
    const auth = { authorization: `Bearer ${await app.token('rl-user')}` };
    const sent: Sent[] = [];
    for (let i = 0; i < 5; i++) sent.push(await post(app.url, '{ me { uid } }', { ...auth, ...from() }));
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200, 200, 429]);
    expectRateLimited(sent[4]);
    // Another user is not affected.
    const other = { authorization: `Bearer ${await app.token('rl-other')}` };
    expect((await post(app.url, '{ me { uid } }', { ...other, ...from() })).status).toBe(200);
  });

  it('should count only anonymous requests on an address: people signed in behind it (a campus NAT) spend their own budgets', async () => {
    const campus = from('203.0.113.20');
    const statuses: number[] = [];
    for (const uid of ['rl-nat-1', 'rl-nat-2', 'rl-nat-3']) {
      const auth = { authorization: `Bearer ${await app.token(uid)}` };
      for (let i = 0; i < 4; i++) statuses.push((await post(app.url, '{ me { uid } }', { ...auth, ...campus })).status);
    }
    expect(statuses).toEqual(Array.from({ length: 12 }, () => 200));
    // The address's own budget is for requests nobody signed in to; spent, it leaves signed-in people alone.
    const anonymous = [];
    for (let i = 0; i < 6; i++) anonymous.push((await post(app.url, '{ me { uid } }', campus)).status);
    expect(anonymous).toEqual([401, 401, 401, 401, 401, 429]);
    const auth = { authorization: `Bearer ${await app.token('rl-nat-4')}` };
    expect((await post(app.url, '{ me { uid } }', { ...auth, ...campus })).status).toBe(200);
  });

  it('should count a refused token on its address, and answer RATE_LIMITED instead once the address is over', async () => {
    const ip = from('203.0.113.21');
    const madeUp = { authorization: 'Bearer made.up.token', ...ip };
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(app.url, '{ me { uid } }', madeUp)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expectRateLimited(await post(app.url, '{ me { uid } }', madeUp));
    expectRateLimited(await post(app.url, '{ me { uid } }', ip));
  });

  it('should count every mutation field of a request in the user budget, even failing ones', async () => {
    const auth = { authorization: `Bearer ${await app.token('rl-writer')}` };
    const three =
      'mutation { a: watchTicket(ticketId: "999999") { id } b: watchTicket(ticketId: "999998") { id } c: watchTicket(ticketId: "999997") { id } }';
    expect(await post(app.url, three, { ...auth, ...from() })).toMatchObject({ status: 200, code: 'NOT_FOUND' });
    expect((await post(app.url, '{ me { uid } }', { ...auth, ...from() })).status).toBe(200);
    expectRateLimited(await post(app.url, '{ me { uid } }', { ...auth, ...from() }));
  });

  it('should take MAX_MUTATIONS_PER_REQUEST mutation fields and refuse one more, before counting it', async () => {
    const auth = { authorization: `Bearer ${await app.token('rl-batch')}` };
    const four = `mutation { ${[1, 2, 3, 4].map((i) => `m${i}: watchTicket(ticketId: "99999${i}") { id }`).join(' ')} }`;
    expect(await post(app.url, four, { ...auth, ...from() })).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    for (let i = 0; i < 4; i++) expect((await post(app.url, '{ me { uid } }', { ...auth, ...from() })).status).toBe(200);
  });

  it('should leave health probes unlimited', async () => {
    for (let i = 0; i < 8; i++) expect((await fetch(`${app.url}/healthz`, { headers: from('203.0.113.1') })).status).toBe(200);
  });
});

describe('rate limits when PostgreSQL cannot be reached', () => {
  const app = useTestApp();

  it('should go on counting in memory, never blocking nor failing, and keep the counts for a later sync', async () => {
    const pool = new pg.Pool({ connectionString: app.databaseUrl });
    const limits = await createRateLimits(pool, { address: 2, user: 0 });
    await pool.end(); // every statement fails from now on
    limits.consumeAddress('192.0.2.10');
    await limits.sync();
    limits.consumeAddress('192.0.2.10');
    expect(() => limits.consumeAddress('192.0.2.10')).toThrow(RateLimitedError);
    limits.consumeAddress('192.0.2.11');
    await limits.stop();
  });
});

describe('rate limits without TRUST_PROXY (the default)', () => {
  const app = useTestApp({ RATE_LIMIT_PER_MINUTE: '3' });

  it('should ignore X-Forwarded-For, so a client cannot split its budget by forging it', async () => {
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await post(app.url, '{ me { uid } }', { 'x-forwarded-for': `192.0.2.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
