import pg from 'pg';

/** How long /readyz waits for PostgreSQL, in all: connecting, then `select 1`, each at most half. */
export const READINESS_TIMEOUT_MS = 1500;

/** Whether PostgreSQL answers now, asked on a connection of its own; `close` at shutdown. */
export interface ReadinessProbe {
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The readiness check of /readyz: `select 1` on one connection of its own, so a full request pool
 * does not read as an outage and a flood of probes costs PostgreSQL one connection. Callers who ask
 * while a check runs share its answer. A frozen PostgreSQL answers nothing: the check gives up
 * within READINESS_TIMEOUT_MS and drops the connection (pg.Pool discards a client released with an error).
 */
export function readinessProbe(url: string): ReadinessProbe {
  const half = READINESS_TIMEOUT_MS / 2;
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: half, query_timeout: half });
  // An idle connection lost (PostgreSQL restarting) must not kill the process; the next check reconnects.
  pool.on('error', () => undefined);
  let running: Promise<boolean> | undefined;
  const check = async (): Promise<boolean> => {
    const client = await pool.connect().catch(() => undefined);
    if (!client) return false;
    try {
      await client.query('select 1');
      client.release();
      return true;
    } catch (error) {
      client.release(error as Error);
      return false;
    }
  };
  return {
    ready: () => (running ??= check().finally(() => (running = undefined))),
    close: () => pool.end(),
  };
}
