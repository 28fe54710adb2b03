import { vi } from 'vitest';
import { SIZES_STATEMENT } from '../server/catalogue/catalogue-sizes.js';
import type { TestApp } from './harness.js';

/**
 * How many SQL statements the server ran while `work` ran (a spy on MikroORM's connection, which
 * every request's EntityManager shares): proves a read path batches instead of querying per row. The
 * catalogue's sizes, read now and then for the query cost whatever the request, are not counted.
 */
export async function countQueries(app: TestApp, work: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(app.orm.em.getConnection(), 'execute');
  try {
    await work();
    return spy.mock.calls.filter(([sql]) => !(typeof sql === 'string' && sql.startsWith(SIZES_STATEMENT))).length;
  } finally {
    spy.mockRestore();
  }
}
