import { vi } from 'vitest';
import type { TestApp } from './harness.js';

/**
 * How many SQL statements the server ran while `work` ran (a spy on MikroORM's connection, which
 * every request's EntityManager shares): proves a read path batches instead of querying per row.
 */
export async function countQueries(app: TestApp, work: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(app.orm.em.getConnection(), 'execute');
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}
