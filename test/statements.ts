import pg from 'pg';
import { SIZES_STATEMENT } from '../server/catalogue/catalogue-sizes.js';
import type { TestApp } from './harness.js';
import { jobsSettled } from './query-count.js';

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Runs `work` while recording every statement any pg client of this process sends (the test server
 * runs in-process). With `app`, the jobs the scene's own actions queued (mail fan-out) are let finish
 * first; the job queue's own polling (`pgboss.`) is bookkeeping, like the rate limits, and not counted,
 * nor the catalogue's sizes (read every 5 s for the query cost, whatever the request: a slow test met them).
 */
export async function countingQueries<T>(work: () => Promise<T>, app?: TestApp): Promise<{ result: T; statements: string[] }> {
  if (app) await jobsSettled(app);
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const statements: string[] = [];
  proto.query = function counted(this: unknown, ...args: unknown[]): unknown {
    const [first] = args;
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text;
    // The rate limits' counters (server/http/rate-limit.ts) are bookkeeping every request pays, not the read path measured.
    if (typeof text !== 'string' || !(text.includes('"rate_limit"') || text.includes('pgboss.') || text.startsWith(SIZES_STATEMENT)))
      statements.push(typeof text === 'string' ? text : '?');
    return original.apply(this, args);
  };
  try {
    return { result: await work(), statements };
  } finally {
    proto.query = original;
  }
}
