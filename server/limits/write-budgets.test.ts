import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { WriteLimits } from '../config.js';
import { RateLimitedError } from '../errors.js';
import { useTestApp } from '../../test/fixture.js';
import { createWriteBudgets } from './write-budgets.js';

const OFF: WriteLimits = { filingsPerHour: 0, filingsPerDay: 0, staffFilingsPerHour: 0, staffFilingsPerDay: 0, commentsPerMinute: 0 };

describe('write budgets in PostgreSQL', () => {
  const app = useTestApp();
  const pools: pg.Pool[] = [];
  const pool = (): pg.Pool => {
    const made = new pg.Pool({ connectionString: app.databaseUrl, max: 3 });
    pools.push(made);
    return made;
  };
  const points = async (key: string): Promise<number | undefined> =>
    (await app.em().execute<{ points: number }[]>('select points from rate_limit where key = ?', [key]))[0]?.points;

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
  });

  it('should hold a budget exactly across instances, however many writes race for its last places', async () => {
    const limits = { ...OFF, commentsPerMinute: 5 };
    const instances = [await createWriteBudgets(pool(), limits), await createWriteBudgets(pool(), limits)];
    const spender = { userId: 42, staff: false, ticketId: 7 };
    const tries = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => instances[i % 2].spend('COMMENT', spender)));
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(5);
    expect(tries.filter((t) => t.status === 'rejected').every((t) => t.reason instanceof RateLimitedError)).toBe(true);
    // Refusals gave back what they took: the row holds the five writes that happened.
    expect(await points('write:comment:42:7')).toBe(5);
  });

  it('should take all windows or none: a spent day leaves the hour as it was, and a refund gives back both', async () => {
    const budgets = await createWriteBudgets(pool(), { ...OFF, filingsPerHour: 5, filingsPerDay: 2, staffFilingsPerHour: 9 });
    const student = { userId: 43, staff: false, ticketId: null };
    await budgets.spend('FILING', student);
    const refund = await budgets.spend('FILING', student);
    await expect(budgets.spend('FILING', student)).rejects.toBeInstanceOf(RateLimitedError);
    expect([await points('write:filing-hour:43'), await points('write:filing-day:43')]).toEqual([2, 2]);
    await refund();
    expect([await points('write:filing-hour:43'), await points('write:filing-day:43')]).toEqual([1, 1]);
    // Staff count on the same rows against their own limits (here: no day limit).
    for (let i = 0; i < 5; i++) await budgets.spend('FILING', { userId: 44, staff: true, ticketId: null });
    expect(await points('write:filing-day:44')).toBeUndefined();
  });
});
