import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase } from '../../server/db/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded-postgres.js';
import { isRunning, ROOT, spawnServer, tail, type ServerProcess } from '../processes.js';
import { ask, devToken, FAULT_SERVER_ENV, type Seen } from './fault-env.js';

// PostgreSQL stopped for 10 s under load, then started again on the same port. The cluster is the
// test's own (embedded, its own data dir and port): the machine's PostgreSQL is never touched.

const OUTAGE_MS = 10_000;
const HEAL_MS = 5_000;
const CLIENTS = ['alice', 'bob', 'gestionnaire', 'superviseur'];

describe('PostgreSQL down under load', () => {
  const dataDir = join(ROOT, '.data', `fault-pg-${randomBytes(4).toString('hex')}`);
  let postgres: EmbeddedPostgres | undefined;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    postgres = await startEmbeddedPostgres({ dataDir });
    await ensureDatabase(postgres.url, 'helpdesk');
    const url = new URL(postgres.url);
    url.pathname = '/helpdesk';
    server = await spawnServer({ ...FAULT_SERVER_ENV, DATABASE_URL: url.toString(), DB_TIMEOUT_SECONDS: '3' });
  });

  afterAll(async () => {
    await server?.kill();
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('should answer 503 UNAVAILABLE with Retry-After while it is down, and heal by itself within 5 s', async () => {
    const base = server!.url;
    const tokens = await Promise.all(CLIENTS.map((uid) => devToken(base, uid)));
    const seen: Seen[] = [];
    const readiness: { at: number; status: number }[] = [];
    const state = { loading: true };
    const load = tokens.map(async (token, i) => {
      const query = i % 2 ? '{ me { uid } }' : '{ tickets(first: 5) { totalCount edges { node { id subject } } } }';
      while (state.loading) {
        seen.push(await ask(base, token, query));
        await sleep(20);
      }
    });
    const probe = (async () => {
      while (state.loading) {
        const res = await fetch(`${base}/readyz`).catch(() => undefined);
        readiness.push({ at: performance.now(), status: res?.status ?? 0 });
        await sleep(250);
      }
    })();

    await sleep(1000);
    const pid = server!.child.pid;
    const stopping = performance.now();
    await postgres!.stop();
    const down = performance.now();
    await sleep(OUTAGE_MS);
    postgres = await startEmbeddedPostgres({ dataDir, port: postgres!.port });
    const up = performance.now();
    await sleep(HEAL_MS + 2000);
    state.loading = false;
    await Promise.all([...load, probe]);

    const context = (): string => `server output:\n${tail(server!.output())}`;
    // Never a 500, never a dropped connection: only answers or honest 503s.
    const failures = seen.filter((s) => s.status !== 200);
    expect(failures.length, context()).toBeGreaterThan(20);
    for (const s of failures) {
      expect({ status: s.status, code: s.code }, context()).toEqual({ status: 503, code: 'UNAVAILABLE' });
      expect(Number(s.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // The server kept answering (quickly) while PostgreSQL was down, rather than hanging.
    const duringOutage = seen.filter((s) => s.startedAt > down + 500 && s.endedAt < up);
    expect(duringOutage.length).toBeGreaterThan(20);
    // What needs the database answers 503; `me` may still be answered from the viewer remembered for a few
    // seconds (server/auth/viewer-cache.ts), which needs none.
    expect(duringOutage.filter((s) => s.status === 503).length).toBeGreaterThan(10);
    expect(duringOutage.every((s) => s.status === 503 || (s.status === 200 && s.data?.me !== undefined))).toBe(true);
    expect(readiness.filter((r) => r.at > down + 500 && r.at < up).every((r) => r.status === 503)).toBe(true);
    // Healed: every request started 5 s after the restart succeeded, and readiness is back.
    const afterHeal = seen.filter((s) => s.startedAt > up + HEAL_MS);
    expect(afterHeal.length).toBeGreaterThan(10);
    expect(afterHeal.every((s) => s.status === 200)).toBe(true);
    expect(readiness.at(-1)?.status).toBe(200);
    // One process all along: it was never restarted.
    expect(isRunning(server!.child)).toBe(true);
    expect(server!.child.pid).toBe(pid);
    const lastFailure = Math.max(...failures.map((s) => s.startedAt));
    console.log(
      `[postgres-outage] stop took ${Math.round(down - stopping)} ms; ${failures.length} × 503 of ${seen.length} answers; ` +
        `last 503 for a request sent ${Math.round(lastFailure - up)} ms after the restart`,
    );
  }, 60_000);
});
