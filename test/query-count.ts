import { vi } from 'vitest';
import { SIZES_STATEMENT } from '../server/catalogue/catalogue-sizes.js';
import type { TestApp } from './harness.js';

/**
 * How many SQL statements the server ran while `work` ran (a spy on MikroORM's connection, which
 * every request's EntityManager shares): proves a read path batches instead of querying per row. The
 * catalogue's sizes, read now and then for the query cost whatever the request, are not counted.
 */
export async function countQueries(app: TestApp, work: () => Promise<unknown>): Promise<number> {
  await jobsSettled(app);
  const spy = vi.spyOn(app.orm.em.getConnection(), 'execute');
  try {
    await work();
    return spy.mock.calls.filter(([sql]) => !(typeof sql === 'string' && sql.startsWith(SIZES_STATEMENT))).length;
  } finally {
    spy.mockRestore();
  }
}

/**
 * Waits (20 s at most) until no job due now is waiting or running: the mail fan-out of the scene's own
 * actions runs on the same ORM connection in the background, and its statements are not the request's.
 */
export async function jobsSettled(app: TestApp): Promise<void> {
  const due =
    "select count(*)::int as n from pgboss.job where state = 'active' or (state in ('created', 'retry') and start_after <= now())";
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const [{ n }] = await app.orm.em.getConnection().execute<{ n: number }[]>(due);
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
