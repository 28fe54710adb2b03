import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';
import { genericPlanPool } from './generic-plans.js';

/**
 * Hot statements sent as named prepared statements with bound parameters: PostgreSQL parses and
 * plans a statement once per connection (a generic plan once it has seen it five times) instead of
 * at every request, as it must when values are inlined into the text (the ORM's `execute()`). The
 * name is a hash of the text, so one text is one statement on every connection of the pool.
 *
 * Public APIs only (docs/stack.md, "Traps"): knex's `raw()` with bindings (it numbers the `?`
 * placeholders `$1`, `$2`, … and passes the values to `pg`) and its `options()`, which `pg` receives
 * with the query (`name`). Values go to `pg` as they are: arrays as PostgreSQL array text with a cast
 * in the SQL (`?::int[]`).
 */

/** Distinct texts named at most: past it (a bug making texts per value), statements go unnamed rather than fill every connection. */
const MAX_NAMED = 5000;
const names = new Map<string, string>();

/** The statement name of a text (cached: the same few hundred texts come back at every request); undefined past MAX_NAMED. */
export function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `q${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * How PostgreSQL plans a statement: `auto` (its own choice between a plan for these values and a
 * generic one) or `generic` (planned once per connection: for statements whose best plan does not
 * depend on their values, db/generic-plans.ts).
 */
export type PlanChoice = 'auto' | 'generic';

/**
 * Runs one statement as a named prepared statement: on the EntityManager's transaction when it has
 * one, else on the app's generic-plan connections when asked and the app has them, else on one from
 * the ORM's pool. The ORM's exceptions on failure, as `execute()` gives them.
 */
export async function runPrepared<T extends unknown[] = Record<string, unknown>[]>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
  plan: PlanChoice = 'auto',
): Promise<T> {
  const convert = (error: Error): Error => em.getDriver().convertException(error);
  const trx = em.getTransactionContext<Knex.Transaction>();
  const generic = !trx && plan === 'generic' ? genericPlanPool(em.config) : undefined;
  const name = generic && statementName(sql);
  if (generic && name) {
    try {
      return await generic.query<T>(name, sql, params);
    } catch (error) {
      throw convert(error as Error);
    }
  }
  return queryOn<T>(trx ?? em.getConnection().getKnex(), sql, params, convert);
}

/** The same on a knex instance or transaction (the action's transaction, lifecycle/transaction.ts). */
export async function queryOn<T extends unknown[]>(
  knex: Knex | Knex.Transaction,
  sql: string,
  params: readonly unknown[],
  convert: (error: Error) => Error = (error) => error,
): Promise<T> {
  const name = statementName(sql);
  try {
    const raw = knex.raw(sql, params as Knex.RawBinding[]);
    const result = (await (name ? raw.options({ name }) : raw)) as { rows: T };
    return result.rows;
  } catch (error) {
    throw convert(error as Error);
  }
}
