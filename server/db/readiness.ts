import pg from 'pg';

/** How long /readyz waits for PostgreSQL, in all: connecting, then its query, each at most half. */
export const READINESS_TIMEOUT_MS = 1500;

/**
 * How long a look at the applied migrations is trusted. Probes come every few seconds from each load
 * balancer and orchestrator; the migrations table is read at most this often, `select 1` in between.
 */
export const MIGRATIONS_CHECK_MS = 10_000;

/** What /readyz says: ready, or why not in words that name nothing of the inside (no host, no migration). */
export type Readiness = { ready: true } | { ready: false; reason: 'database unreachable' | 'database schema not current' };

/** Whether PostgreSQL answers now with the schema this code needs, asked on a connection of its own; `close` at shutdown. */
export interface ReadinessProbe {
  check(): Promise<Readiness>;
  close(): Promise<void>;
}

/** What the probe compares the database with, and whom it tells. */
export interface ReadinessOptions {
  /** The migrations this code needs applied (db/migrations/index.ts); the database may have more (a newer release's). */
  migrations: readonly string[];
  /** Told the names this code needs and the database lacks, each time that list changes (for the logs, never for /readyz). */
  onPending?: (pending: string[]) => void;
  /** The clock (tests move it past MIGRATIONS_CHECK_MS). */
  now?: () => number;
}

const READY: Readiness = { ready: true };
const UNREACHABLE: Readiness = { ready: false, reason: 'database unreachable' };
const NOT_CURRENT: Readiness = { ready: false, reason: 'database schema not current' };
const UNDEFINED_TABLE = '42P01';

/**
 * The readiness check of /readyz, on one connection of its own, so a full request pool does not read
 * as an outage and a flood of probes costs PostgreSQL one connection. One query a check: `select 1`,
 * or, once every MIGRATIONS_CHECK_MS, the applied migrations' names — an instance whose code needs a
 * migration the database lacks (an old backup restored under it, a release started before its
 * migration ran) answers not ready rather than failing requests. Callers who ask while a check runs
 * share its answer. A frozen PostgreSQL answers nothing: the check gives up within
 * READINESS_TIMEOUT_MS and drops the connection (pg.Pool discards a client released with an error).
 */
export function readinessProbe(url: string, options: ReadinessOptions): ReadinessProbe {
  const now = options.now ?? Date.now;
  const half = READINESS_TIMEOUT_MS / 2;
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: half, query_timeout: half });
  // An idle connection lost (PostgreSQL restarting) must not kill the process; the next check reconnects.
  pool.on('error', () => undefined);
  let look: { at: number; pending: string[] } | undefined;
  let running: Promise<Readiness> | undefined;

  const pendingOn = async (client: pg.PoolClient): Promise<string[]> => {
    const applied = await client.query<{ name: string }>('select name from mikro_orm_migrations').then(
      (result) => new Set(result.rows.map((row) => row.name)),
      (error: unknown) => {
        // Never migrated at all: everything is pending. Anything else is the database failing.
        if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return new Set<string>();
        throw error;
      },
    );
    return options.migrations.filter((name) => !applied.has(name));
  };

  const check = async (): Promise<Readiness> => {
    const client = await pool.connect().catch(() => undefined);
    if (!client) return UNREACHABLE;
    try {
      if (look && now() - look.at < MIGRATIONS_CHECK_MS) {
        await client.query('select 1');
      } else {
        const pending = await pendingOn(client);
        if (pending.join() !== (look?.pending ?? []).join()) options.onPending?.(pending);
        look = { at: now(), pending };
      }
      client.release();
      return look.pending.length > 0 ? NOT_CURRENT : READY;
    } catch (error) {
      client.release(error as Error);
      return UNREACHABLE;
    }
  };
  return {
    check: () => (running ??= check().finally(() => (running = undefined))),
    close: () => pool.end(),
  };
}
