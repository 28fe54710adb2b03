import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';
import { queryOn } from '../db/prepared.js';

/**
 * One action's transaction (docs/lifecycle.md, "The runner"): BEGIN on a connection of the ORM's
 * pool, the runner's own statements (lock, entry and row) sent in it as raw SQL, and an
 * EntityManager bound to the same transaction only for the steps that ask for one (invitations,
 * moves, files, filing). The hot actions (status changes, comments) never build one: the ORM's
 * transaction machinery and unit of work cost more CPU than their statements (issue 8).
 *
 * Only public APIs (docs/stack.md, "Traps"): the ORM's knex (`getConnection().getKnex()`), knex's
 * `transaction()` without a handler, which takes a connection from the pool and gives it back once
 * the transaction ends, and `raw()` on that transaction. A statement is formatted as the ORM formats
 * it and sent as `raw()` without bindings, which is how the ORM's own `execute()` sends its SQL (a `?`
 * in a value stays as written): `execute()` itself adds a logging layer that costs as much CPU again
 * per statement, measured.
 */
export class ActionTransaction {
  private fork: EntityManager | undefined;
  private done = false;

  private constructor(
    private readonly parent: EntityManager,
    private readonly trx: Knex.Transaction,
  ) {}

  /** Takes a connection from the ORM's pool and begins. */
  static async begin(em: EntityManager): Promise<ActionTransaction> {
    try {
      return new ActionTransaction(em, await em.getConnection().getKnex().transaction());
    } catch (error) {
      throw em.getDriver().convertException(error as Error);
    }
  }

  /** The EntityManager of the request or scheduler, where the action's ticket is hydrated. */
  get site(): EntityManager {
    return this.parent;
  }

  /** An EntityManager inside this transaction, made on first use; it sees the entities already loaded (the ticket). */
  get em(): EntityManager {
    if (!this.fork) {
      this.fork = this.parent.fork({ clear: false });
      this.fork.setTransactionContext(this.trx);
    }
    return this.fork;
  }

  /**
   * One statement in the transaction as a named prepared statement with bound parameters (db/prepared.ts:
   * the lock and the entry-and-row statements are planned once per connection); the ORM's exceptions on failure.
   */
  async execute<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    return queryOn<T[]>(this.trx, sql, params, (error) => this.parent.getDriver().convertException(error));
  }

  /** Writes what the EntityManager (if any) still holds. */
  async flush(): Promise<void> {
    await this.fork?.flush();
  }

  /** Flushes, commits and gives the connection back; throws when the COMMIT did not succeed. */
  async commit(): Promise<void> {
    await this.flush();
    await this.end(async () => {
      // knex's commit() resolves even when COMMIT fails (a deadline, a deferred check): the failure is in executionPromise.
      await this.trx.commit();
      await this.trx.executionPromise;
    });
  }

  /** Rolls back (if not already ended) and gives the connection back. */
  async rollback(): Promise<void> {
    if (!this.done) await this.end(() => this.trx.rollback());
  }

  // knex gives the connection back to the pool once the transaction has ended, whichever way.
  private async end(how: () => Promise<unknown>): Promise<void> {
    this.done = true;
    // The entities stay usable after the transaction: their lazy loads go through the pool again.
    this.fork?.resetTransactionContext();
    try {
      await how();
    } catch (error) {
      throw this.parent.getDriver().convertException(error as Error);
    }
  }
}
