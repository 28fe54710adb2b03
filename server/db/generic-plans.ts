import pg from 'pg';
import { boundStatements, DEADLINE_GRACE_MS } from './deadline.js';

/** The application_name of these sessions. */
export const GENERIC_PLANS_APPLICATION = 'helpdesk generic plans';

/**
 * Connections of their own for the statements whose best plan does not depend on their values (a
 * lookup by id or uid, a list page without search): PostgreSQL plans each once per connection and
 * reuses that generic plan (`plan_cache_mode = force_generic_plan`, set for these sessions only).
 *
 * Why a pool apart: on the ORM's connections PostgreSQL keeps choosing a custom plan for the list page,
 * re-planned at every request (1–3 ms, more than running it), because its generic plan is estimated a
 * few points dearer; and forcing generic plans there would also apply to the statements whose plan
 * must follow their values (a search's words, a queue's statuses and its partial indexes: read at
 * 1,000,000 tickets, searches went from 30 ms to seconds). Only statements that ask for it come here
 * (`runPrepared(…, { plan: 'generic' })`), and never inside a transaction (that one runs on its own connection).
 *
 * The same deadlines as the request pool (db/deadline.ts): waiting for or opening a connection,
 * each statement, and the client's own deadline for a server that cannot answer.
 */
export class GenericPlanPool {
  private readonly pool: pg.Pool;
  private readonly numbered = new Map<string, string>();

  constructor(url: string, options: { seconds: number; max: number; onError: (error: Error) => void }) {
    const ms = options.seconds * 1000;
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max,
      connectionTimeoutMillis: ms,
      statement_timeout: ms,
      idle_in_transaction_session_timeout: ms,
      idleTimeoutMillis: 30_000,
      options: '-c plan_cache_mode=force_generic_plan',
      // Operators tell these sessions apart in pg_stat_activity.
      application_name: GENERIC_PLANS_APPLICATION,
    });
    this.pool.on('connect', (client) => boundStatements(client, ms + DEADLINE_GRACE_MS));
    // An idle connection's error (PostgreSQL restarting) must not end the process.
    this.pool.on('error', options.onError);
  }

  /** Runs `sql` (`?` placeholders, as knex takes them) as the named prepared statement `name`. */
  async query<T extends unknown[]>(name: string, sql: string, params: readonly unknown[]): Promise<T> {
    let text = this.numbered.get(sql);
    if (text === undefined) this.numbered.set(sql, (text = numberPlaceholders(sql)));
    const result = await this.pool.query({ name, text, values: params.map(checkedValue) });
    return result.rows as T;
  }

  /** Statements waiting for a free connection (the metrics' helpdesk_db_pool_waiting counts them too). */
  get waiting(): number {
    return this.pool.waitingCount;
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * `?` → `$1`, `$2`, … as knex numbers them for PostgreSQL (`\?` stays a literal `?`), so one SQL text
 * reads the same on either path. knex's `??` (an identifier binding) is never used with prepared statements.
 */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\\?\?\??/g, (match) => {
    if (match === '\\?') return '?';
    if (match === '??') throw new Error('identifier bindings (??) are not supported in prepared statements');
    return `$${++n}`;
  });
}

// knex refuses an undefined binding rather than sending NULL; so does this path.
function checkedValue(value: unknown): unknown {
  if (value === undefined) throw new Error('Undefined binding detected in a prepared statement');
  return value;
}

/** The pool of each ORM that has one (main.ts gives the app's), found from any of its EntityManagers' configuration. */
const pools = new WeakMap<object, GenericPlanPool>();

export function useGenericPlans(config: object, pool: GenericPlanPool): void {
  pools.set(config, pool);
}

export function genericPlanPool(config: object): GenericPlanPool | undefined {
  return pools.get(config);
}
