import { Redis } from 'ioredis';

/** The tests' Redis (docs/stack.md, "Machines": CI and our machines run one on 127.0.0.1:6379). */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether the tests' Redis answers: required in CI (throws), while a laptop without one only skips the Redis tests. */
export async function redisForTests(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    if (process.env.CI) throw new Error(`Redis is required in CI (${REDIS_URL})`);
    return false;
  } finally {
    probe.disconnect();
  }
}
