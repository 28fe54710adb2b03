import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';

/**
 * The job queue: pg-boss 10 on the app's own database (schema `pgboss`, installed by a migration so
 * every database the app migrates has it), started and stopped with the app (`RunningApp.jobs`).
 * Any number of instances share it: a job is handed to one worker, a cron schedule fires once per
 * slot across instances, and a job whose worker died is retried once its `expireInSeconds` passed.
 *
 * The whole API (keep it small; docs/stack.md, "Traps", says why `sendIn` exists):
 *
 * - `createQueue(name, settings)` — once per queue at start-up, before any send or work (idempotent;
 *   settings are updated on an existing queue). Retries: `retryLimit`, `retryDelaySeconds`,
 *   `retryBackoff` (the n-th retry waits delay × 2ⁿ⁻¹ × a random factor in [1, 2)), and
 *   `expireInSeconds` (a job active longer than that is taken as lost and retried).
 * - `send(name, data, options)` — outside any transaction (its own connection); `options.id` makes a
 *   send idempotent: a second send with the same id is ignored (`sendIn` and `insertIn` too).
 * - `sendIn(tx, name, data, options)` — INSIDE the caller's transaction, one INSERT on the caller's
 *   own connection: the job exists only if that transaction commits. `tx` is an `ActionTransaction`
 *   (its `execute`, as the TicketHooks' in-transaction hooks get it) or an EntityManager inside
 *   `em.transactional()` (anything with `execute(sql, params)` taking `?` placeholders).
 * - `insertIn(tx, jobs)` — several jobs (any queues) in one INSERT, in the caller's transaction.
 * - `work(name, handler, options)` — runs `handler(job)` for each job of the queue, `concurrency` at
 *   once on this instance. Resolving completes the job; throwing fails it (retried per the queue's
 *   settings, then kept as failed); throwing `PermanentJobError` ends it at once, never retried
 *   (state `cancelled`, its error kept as the job's output). The handler sees `retryCount` and
 *   `retryLimit` (so it knows a last attempt).
 * - `schedule(name, cron, data)` — a cron (minute precision, UTC) that sends `data` to the queue
 *   `name`, once per slot across all instances; the queue needs `createQueue` and a `work`.
 * - `stop()` — stops taking jobs, waits a little for the running ones, and closes its connections.
 * - `boss` — the pg-boss instance itself, for what this API does not say (tests read job states).
 */

/** A job as a handler gets it. */
export interface Job<T> {
  id: string;
  name: string;
  data: T;
  /** Retries already made (0 on the first attempt). */
  retryCount: number;
  retryLimit: number;
}

/** How a queue retries and when a job counts as lost. */
export interface QueueSettings {
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** An active job older than this is taken as lost (its worker died) and retried. */
  expireInSeconds?: number;
  /** Days a finished job is kept (pg-boss's default: 14). */
  retentionDays?: number;
}

/** A job to insert with `insertIn` or send. */
export interface JobSendOptions {
  /** A UUID: a second job with the same id is ignored (idempotent sends). */
  id?: string;
  /** Not before this moment. */
  startAfter?: Date;
}

export interface NewJob<T extends object> extends JobSendOptions {
  name: string;
  data: T;
}

/** The caller's transaction: a statement with `?` placeholders on its own connection. */
export interface SqlTransaction {
  execute<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
}

/** Thrown by a handler for a failure no retry can mend (a mailbox that does not exist): the job ends now. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** How often the queue looks for work; tests make it fast. */
export interface JobQueueTiming {
  /** Seconds between polls for new jobs of a worker (≥ 0.5). */
  pollSeconds: number;
  /** Seconds between pg-boss's maintenance passes (expiring lost jobs, archiving); ≥ 1. */
  maintenanceSeconds: number;
  /** Seconds between checks of the cron schedules (1 to 45). */
  cronCheckSeconds: number;
}

export const DEFAULT_TIMING: JobQueueTiming = { pollSeconds: 2, maintenanceSeconds: 60, cronCheckSeconds: 30 };

export interface JobQueueOptions {
  databaseUrl: string;
  logger: Logger;
  timing?: Partial<JobQueueTiming>;
  /** Connections of the queue's own pool (the app's other pools are apart). */
  maxConnections?: number;
}

/** The schema pg-boss lives in (its migration installs it there). */
export const JOB_SCHEMA = 'pgboss';

export class JobQueue {
  private readonly workers: string[] = [];

  private constructor(
    /** pg-boss itself, for what the API above does not cover. */
    readonly boss: PgBoss,
    private readonly timing: JobQueueTiming,
    private readonly logger: Logger,
  ) {}

  /** Connects and starts maintenance and the cron clock; throws if the database cannot be reached. */
  static async start(options: JobQueueOptions): Promise<JobQueue> {
    const timing = { ...DEFAULT_TIMING, ...options.timing };
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: JOB_SCHEMA,
      max: options.maxConnections ?? 4,
      application_name: 'helpdesk-jobs',
      pollingIntervalSeconds: timing.pollSeconds,
      maintenanceIntervalSeconds: timing.maintenanceSeconds,
      cronMonitorIntervalSeconds: timing.cronCheckSeconds,
      cronWorkerIntervalSeconds: Math.max(1, Math.min(timing.pollSeconds, 45)),
    });
    // pg-boss's pool emits a lost connection (PostgreSQL restarting) as an error: unheard, it ends the process.
    boss.on('error', (err) => options.logger.warn({ err }, 'job queue error'));
    await boss.start();
    return new JobQueue(boss, timing, options.logger);
  }

  /** Creates the queue, or updates its settings. */
  async createQueue(name: string, settings: QueueSettings): Promise<void> {
    // pg-boss checks options with `in`: an undefined one counts as given and fails its check.
    const queue: PgBoss.Queue = defined({
      name,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: settings.retryBackoff,
      expireInSeconds: settings.expireInSeconds,
      retentionMinutes: settings.retentionDays === undefined ? undefined : settings.retentionDays * 24 * 60,
    });
    if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, queue);
    else {
      // Two instances starting at once: the second one's create meets the first one's queue.
      await this.boss.createQueue(name, queue).catch(async (error: unknown) => {
        if (!(await this.boss.getQueue(name))) throw error;
      });
    }
  }

  /** Sends a job on the queue's own connection (not in any transaction); null when `options.id` was already sent. */
  async send(name: string, data: object, options: JobSendOptions = {}): Promise<string | null> {
    return this.boss.send(name, data, sendOptions(options));
  }

  /** Sends a job inside the caller's transaction: it exists only if that transaction commits. */
  async sendIn(tx: SqlTransaction | EntityManager, name: string, data: object, options: JobSendOptions = {}): Promise<string | null> {
    return this.boss.send(name, data, { ...sendOptions(options), db: adapter(tx) });
  }

  /** Inserts several jobs (any queues) in one statement inside the caller's transaction. */
  async insertIn(tx: SqlTransaction | EntityManager, jobs: readonly NewJob<object>[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((job) => ({ name: job.name, data: job.data, id: job.id, startAfter: job.startAfter?.toISOString() })),
      { db: adapter(tx) },
    );
  }

  /** Works the queue's jobs one by one, `concurrency` at once on this instance. */
  async work<T>(name: string, handler: (job: Job<T>) => Promise<void>, options: { concurrency?: number } = {}): Promise<void> {
    for (let i = 0; i < (options.concurrency ?? 1); i++) {
      const id = await this.boss.work<T>(
        name,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: this.timing.pollSeconds },
        async (jobs) => {
          for (const job of jobs) await this.runOne(name, job, handler);
        },
      );
      this.workers.push(id);
    }
  }

  /** A cron (UTC, minute precision) sending `data` to the queue `name`, once per slot across instances. */
  async schedule(name: string, cron: string, data: object = {}): Promise<void> {
    await this.boss.schedule(name, cron, data, { tz: 'UTC' });
  }

  /** Stops the workers (waiting up to `timeoutMs` for running jobs) and closes the connections. */
  async stop(timeoutMs = 5000): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
  }

  // Resolving leaves the job to pg-boss, which completes it; a failure is reported here, job by job.
  private async runOne<T>(name: string, job: PgBoss.JobWithMetadata<T>, handler: (job: Job<T>) => Promise<void>): Promise<void> {
    try {
      await handler({ id: job.id, name: job.name, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.boss.fail(name, job.id, { message });
      // Failed then cancelled: kept with its error, never picked up again (a retry waits at least its delay).
      if (error instanceof PermanentJobError) await this.boss.cancel(name, job.id);
      else this.logger.warn({ queue: name, jobId: job.id, retry: job.retryCount, err: message }, 'job failed');
    }
  }
}

function sendOptions(options: JobSendOptions): PgBoss.SendOptions {
  return defined({ id: options.id, startAfter: options.startAfter });
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * pg-boss's statements (`$1`-numbered) through the caller's transaction. Its statements contain no `?`
 * of their own, so each `$n` becomes a `?` and its value is repeated as often as the `$n` is.
 */
function adapter(tx: SqlTransaction | EntityManager): PgBoss.Db {
  const run = runnerOf(tx);
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const params: unknown[] = [];
      const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
        params.push(jsonValue(values[Number(n) - 1]));
        return '?';
      });
      return { rows: await run(sql, params) };
    },
  };
}

// Objects reach pg as JSON text; the ORM's formatting would write them otherwise.
function jsonValue(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value;
}

function runnerOf(tx: SqlTransaction | EntityManager): (sql: string, params: unknown[]) => Promise<unknown[]> {
  if (!('getTransactionContext' in tx)) return (sql, params) => tx.execute(sql, params);
  const em = tx;
  return async (sql, params) => {
    const trx = em.getTransactionContext<Knex.Transaction>();
    if (!trx) throw new Error('sendIn needs an EntityManager inside a transaction');
    return em.getConnection().execute(sql, params, 'all', trx);
  };
}
