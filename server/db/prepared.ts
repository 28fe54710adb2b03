import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * Hot statements sent as named prepared statements with bound parameters: PostgreSQL parses and
 * plans a statement once per connection (a generic plan once it has seen it five times) instead of
 * at every request, as it must when values are inlined into the text (the ORM's `execute()`). The
 * name is a hash of the text, so one text is one statement on every connection of the pool.
 *
 * Placeholders are written `?` as for `execute()`; each `?` outside quotes becomes `$1`, `$2`, ….
 * Values go to `pg` as they are: arrays as PostgreSQL array text with a cast in the SQL (`?::int[]`).
 */

interface Prepared {
  name: string | undefined;
  text: string;
}

/** Distinct texts named at most: past it (a bug making texts per value), statements go unnamed rather than fill every connection. */
const MAX_NAMED = 5000;
const texts = new Map<string, Prepared>();

/** The `$n` text of a `?` statement and its name (cached: the same few hundred texts come back at every request). */
export function preparedStatement(sql: string): Prepared {
  let prepared = texts.get(sql);
  if (!prepared) {
    const text = numbered(sql);
    const name = texts.size < MAX_NAMED ? `q${createHash('sha1').update(text).digest('base64url').slice(0, 20)}` : undefined;
    prepared = { name, text };
    texts.set(sql, prepared);
  }
  return prepared;
}

/** `?` → `$n`, outside single-quoted strings, double-quoted identifiers and dollar-quoted bodies; `??` is not ours (never used). */
export function numbered(sql: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '$' && sql[i + 1] === '$') {
      const end = sql.indexOf('$$', i + 2);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '?') {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Runs one statement as a named prepared statement on the EntityManager's connection: its
 * transaction's when it has one, else one from the ORM's pool for this statement. The ORM's
 * exceptions on failure, as `execute()` gives them.
 */
export async function runPrepared<T extends unknown[] = Record<string, unknown>[]>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  return queryOn<T>(trx ?? em.getConnection().getKnex(), sql, params, (error) => em.getDriver().convertException(error));
}

/** The same on a knex instance or transaction (the action's transaction, lifecycle/transaction.ts). */
export async function queryOn<T extends unknown[]>(
  knex: Knex | Knex.Transaction,
  sql: string,
  params: readonly unknown[],
  convert: (error: Error) => Error = (error) => error,
): Promise<T> {
  const { name, text } = preparedStatement(sql);
  const client = knex.client as { acquireConnection(): Promise<pg.Client>; releaseConnection(c: pg.Client): Promise<unknown> };
  let connection: pg.Client;
  try {
    connection = await client.acquireConnection();
  } catch (error) {
    throw convert(error as Error);
  }
  try {
    const result = await connection.query({ name, text, values: [...params] });
    return result.rows as T;
  } catch (error) {
    throw convert(error as Error);
  } finally {
    await client.releaseConnection(connection);
  }
}
