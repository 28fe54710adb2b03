import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue.js';

describe('BoundedQueue', () => {
  it('should hand items out in order, to a reader that waits as well as to one that comes later', async () => {
    const queue = new BoundedQueue<number>(10, () => {});
    const waiting = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: 3, done: false });
    expect(queue.size).toBe(0);
  });

  it('should never hold more than its limit: one more push reports the overflow, drops everything and closes', async () => {
    let overflows = 0;
    const queue = new BoundedQueue<number>(3, () => overflows++);
    expect([1, 2, 3].map((n) => queue.push(n))).toEqual([true, true, true]);
    expect(queue.push(4)).toBe(false);
    expect(overflows).toBe(1);
    expect(queue.size).toBe(0);
    expect(queue.open).toBe(false);
    expect(queue.push(5)).toBe(false);
    expect(overflows).toBe(1);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('should end a pending read when returned, and accept nothing afterwards', async () => {
    const queue = new BoundedQueue<number>(3, () => {});
    const pending = queue.next();
    await queue.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(queue.push(1)).toBe(false);
  });
});
