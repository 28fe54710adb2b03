import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { ensureDatabase } from '../../server/db/database.js';
import { dropDatabase } from '../global-setup.js';

/**
 * What every fault test's server runs with: dev tokens, the demo catalogue (loaded at start), no
 * timers, and budgets high enough that the test's own load (one address, a few users) is never
 * rate limited — the limiter still runs, in PostgreSQL, like in production.
 */
export const FAULT_SERVER_ENV = {
  AUTH_MODE: 'dev',
  SEED_DEMO: 'true',
  TIMER_INTERVAL_SECONDS: '0',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000',
  FILING_LIMIT_PER_HOUR: '1000000',
  FILING_LIMIT_PER_DAY: '1000000',
  STAFF_FILING_LIMIT_PER_HOUR: '1000000',
  STAFF_FILING_LIMIT_PER_DAY: '1000000',
  COMMENT_LIMIT_PER_MINUTE: '1000000',
};

/** A migrated database of its own on the suite's cluster (a clone of the template), dropped by `drop`. */
export async function cloneDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('dbAdminUrl');
  const name = `t_fault_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(adminUrl, name, inject('templateDb'));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}

/** A dev token for a demo user, through the server's own route. */
export async function devToken(base: string, uid: string): Promise<string> {
  const res = await fetch(`${base}/auth/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uid }),
  });
  if (!res.ok) throw new Error(`no dev token for ${uid}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** One GraphQL answer as a client sees it, timed; a connection failure is status 0. */
export interface Seen {
  startedAt: number;
  endedAt: number;
  status: number;
  code?: unknown;
  retryAfter: string | null;
  data?: Record<string, unknown> | null;
}

/** POSTs a GraphQL request and reports what came back, never throwing (a refused connection is status 0). */
export async function ask(base: string, token: string, query: string, variables?: Record<string, unknown>): Promise<Seen> {
  const startedAt = performance.now();
  try {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: unknown } }[] };
    return {
      startedAt,
      endedAt: performance.now(),
      status: res.status,
      code: body.errors?.[0]?.extensions?.code,
      retryAfter: res.headers.get('retry-after'),
      data: body.data,
    };
  } catch {
    return { startedAt, endedAt: performance.now(), status: 0, retryAfter: null };
  }
}
