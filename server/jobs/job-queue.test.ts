import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import { JobQueue, PermanentJobError, type Job } from './job-queue.js';

/** Waits until `done()` holds (polling), or fails after `ms`. */
async function until(done: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the job queue (pg-boss on the app database)', () => {
  const app = useTestApp({ JOB_POLL_SECONDS: '1', JOB_CRON_CHECK_SECONDS: '1' });
  let other: JobQueue | undefined;
  const fast = { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: true };

  beforeAll(async () => {
    // A second instance on the same database, as a second server would run.
    other = await JobQueue.start({
      databaseUrl: app.databaseUrl,
      logger: pino({ level: 'silent' }),
      timing: { pollSeconds: 1, cronCheckSeconds: 1 },
    });
  });
  afterAll(async () => {
    await other?.stop();
  });

  async function jobState(queue: string, id: string): Promise<string | undefined> {
    return (await app.jobs.boss.getJobById(queue, id))?.state;
  }

  it('should keep a job sent in a transaction that commits, and leave none when it rolls back', async () => {
    await app.jobs.createQueue('t-tx', fast);
    const committed = randomUUID();
    await app.em().transactional(async (em) => {
      await app.jobs.sendIn(em, 't-tx', { n: 1, text: "it's a ? and a $1" }, { id: committed });
    });
    const rolledBack = randomUUID();
    await expect(
      app.em().transactional(async (em) => {
        await app.jobs.sendIn(em, 't-tx', { n: 2 }, { id: rolledBack });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    const kept = await app.jobs.boss.getJobById<{ n: number; text: string }>('t-tx', committed);
    expect(kept?.data).toEqual({ n: 1, text: "it's a ? and a $1" });
    expect(await app.jobs.boss.getJobById('t-tx', rolledBack)).toBeNull();
  });

  it('should ignore a second send with the same id, and insert several jobs in one statement', async () => {
    await app.jobs.createQueue('t-idem', fast);
    const id = randomUUID();
    expect(await app.jobs.send('t-idem', { n: 1 }, { id })).toBe(id);
    expect(await app.jobs.send('t-idem', { n: 2 }, { id })).toBeNull();
    const ids = [randomUUID(), randomUUID()];
    await app.em().transactional(async (em) => {
      await app.jobs.insertIn(em, [
        { name: 't-idem', data: { n: 3 }, id: ids[0] },
        { name: 't-idem', data: { n: 4 }, id: ids[1] },
        { name: 't-idem', data: { n: 5 }, id },
      ]);
    });
    expect((await app.jobs.boss.getJobById<{ n: number }>('t-idem', id))?.data).toEqual({ n: 1 });
    expect((await app.jobs.boss.getJobById<{ n: number }>('t-idem', ids[1]))?.data).toEqual({ n: 4 });
  });

  it('should retry a failing job with backoff until it succeeds, and never retry a permanent failure', async () => {
    await app.jobs.createQueue('t-retry', fast);
    const attempts = new Map<string, Job<{ kind: string }>[]>();
    await app.jobs.work<{ kind: string }>('t-retry', (job) => {
      attempts.set(job.data.kind, [...(attempts.get(job.data.kind) ?? []), job]);
      if (job.data.kind === 'flaky' && job.retryCount < 2) throw new Error('try again');
      if (job.data.kind === 'doomed') throw new PermanentJobError('no such mailbox');
      return Promise.resolve();
    });
    const flaky = (await app.jobs.send('t-retry', { kind: 'flaky' }))!;
    const doomed = (await app.jobs.send('t-retry', { kind: 'doomed' }))!;
    await until(async () => (await jobState('t-retry', flaky)) === 'completed', 20_000);
    expect(attempts.get('flaky')!.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    await until(async () => (await jobState('t-retry', doomed)) === 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(attempts.get('doomed')).toHaveLength(1);
    expect((await app.jobs.boss.getJobById('t-retry', doomed))?.output).toMatchObject({ message: 'no such mailbox' });
  });

  it('should run a cron schedule once per slot across two instances', async () => {
    await app.jobs.createQueue('t-cron', fast);
    const runs: { at: number; by: string }[] = [];
    await app.jobs.work('t-cron', () => Promise.resolve(void runs.push({ at: Date.now(), by: 'app' })));
    await other!.work('t-cron', () => Promise.resolve(void runs.push({ at: Date.now(), by: 'other' })));
    await app.jobs.schedule('t-cron', '* * * * *', { ping: true });
    await until(() => runs.length > 0, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const perMinute = new Map<number, number>();
    for (const run of runs) perMinute.set(Math.floor(run.at / 60_000), (perMinute.get(Math.floor(run.at / 60_000)) ?? 0) + 1);
    expect([...perMinute.values()].every((n) => n === 1)).toBe(true);
    await app.jobs.boss.unschedule('t-cron');
  });
});
