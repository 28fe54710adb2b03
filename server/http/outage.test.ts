import { connect, createServer, type Server, type Socket } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import { freePort } from '../../test/processes.js';
import { loadConfig } from '../config.js';
import { formatError } from '../errors.js';
import { startApp, type RunningApp } from '../main.js';
import { outageAnswers } from './outage.js';

/**
 * A TCP relay to the suite's PostgreSQL that the test can cut: the app behind it loses its database
 * (connections dropped, new ones refused) while the machine's PostgreSQL goes on serving everyone else.
 */
async function relay(to: {
  host: string;
  port: number;
}): Promise<{ port: number; cut: () => Promise<void>; restore: () => Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const open = (): Promise<void> =>
    new Promise((resolve) => {
      if (server?.listening) {
        resolve();
        return;
      }
      server = createServer((client) => {
        const upstream = connect(to.port, to.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      }).listen(port, '127.0.0.1', resolve);
    });
  await open();
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server?.close(() => resolve());
      }),
    restore: open,
  };
}

describe('PostgreSQL unreachable (rate limits off, so sign-in is the first to notice)', () => {
  const first = useTestApp();
  let app: RunningApp;
  let link: Awaited<ReturnType<typeof relay>>;

  beforeAll(async () => {
    const url = new URL(first.databaseUrl);
    link = await relay({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${link.port}`;
    const env = { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', TIMER_INTERVAL_SECONDS: '0' };
    app = await startApp(
      loadConfig({
        ...env,
        DATABASE_URL: url.toString(),
        RATE_LIMIT_PER_MINUTE: '0',
        RATE_LIMIT_USER_PER_MINUTE: '0',
        DB_TIMEOUT_SECONDS: '2',
      }),
    );
  });
  afterAll(async () => {
    await link.restore();
    await app.stop();
  });

  it('should answer 503 UNAVAILABLE with Retry-After on /graphql, the dev token route and /readyz, then serve again', async () => {
    const token = await first.token('outage-user');
    const me = (): Promise<Response> =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"query":"{ me { uid } }"}',
      });
    // The first app's dev issuer signed the token: the second one verifies its own only.
    const own = await app.devIssuer!.sign({ uid: 'outage-user' });
    const meOwn = (): Promise<Response> =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${own}` },
        body: '{"query":"{ me { uid } }"}',
      });
    expect(token).toBeTruthy();
    expect((await meOwn()).status).toBe(200);

    await link.cut();
    const down = await meOwn();
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toEqual({
      errors: [
        { message: 'The service is temporarily unavailable; try again shortly', extensions: { code: 'UNAVAILABLE', retryAfter: 5 } },
      ],
    });
    const tokenRoute = await fetch(`${app.url}/auth/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"uid":"alice"}',
    });
    expect(tokenRoute.status).toBe(503);
    expect(((await tokenRoute.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAVAILABLE');
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    // A token from elsewhere is still refused as such, not blamed on the outage.
    expect((await me()).status).toBe(401);

    await link.restore();
    let healed = 0;
    for (let i = 0; i < 50 && healed !== 200; i++) {
      healed = (await meOwn()).status;
      if (healed !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healed).toBe(200);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  });
});

describe('outageAnswers', () => {
  it('should turn an answer whose resolver lost PostgreSQL into a 503 with Retry-After', async () => {
    const closed = await freePort();
    const server = new ApolloServer({
      schema: buildSchema('type Query { count: Int ok: Int }'),
      rootValue: {
        // A real failing connection, as a resolver gets it when PostgreSQL goes away mid-request.
        count: async () => {
          const client = new pg.Client({ host: '127.0.0.1', port: closed });
          await client.connect();
          return 1;
        },
        ok: () => 1,
      },
      formatError: (formatted, error) => formatError(formatted, error, () => {}),
      plugins: [outageAnswers],
    });
    await server.start();
    try {
      const failed = await server.executeOperation({ query: '{ count ok }' });
      expect(failed.http.status).toBe(503);
      expect(failed.http.headers.get('retry-after')).toBe('5');
      expect(failed.body.kind === 'single' && failed.body.singleResult.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'UNAVAILABLE', retryAfter: 5 }, path: ['count'] }),
      ]);
      const fine = await server.executeOperation({ query: '{ ok }' });
      expect(fine.http.status).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
