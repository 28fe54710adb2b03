import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The part of a `pg` connection the action's own statements use. */
interface Connection {
  query(text: string): Promise<{ rows: unknown[] }>;
}

/** The pool side of knex's client, which knex types as `any`. */
interface Pool {
  acquireConnection(): Promise<Connection>;
  releaseConnection(connection: Connection): Promise<unknown>;
}

function poolOf(em: EntityManager): Pool {
  return em.getKnex().client as Pool;
}

/**
 * One action's transaction (docs/lifecycle.md, "The runner"): BEGIN on a connection of the ORM's
 * pool, the runner's own statements (lock, entry and row) sent on it directly, and an EntityManager
 * bound to the same transaction only for the steps that ask for one (invitations, moves, files,
 * filing). The hot actions (status changes, comments) never build one: the ORM's transaction
 * machinery and unit of work cost more CPU than their statements (issue 8).
 */
export class ActionTransaction {
  private fork: EntityManager | undefined;
  private done = false;

  private constructor(
    private readonly parent: EntityManager,
    private readonly trx: Knex.Transaction,
    private readonly connection: Connection,
  ) {}

  /** Takes a connection from the pool and begins. */
  static async begin(em: EntityManager): Promise<ActionTransaction> {
    const knex = em.getKnex();
    const connection = await poolOf(em).acquireConnection();
    try {
      const trx = await knex.transaction({ connection });
      return new ActionTransaction(em, trx, connection);
    } catch (error) {
      await poolOf(em).releaseConnection(connection);
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

  /** One statement in the transaction, `?` placeholders filled as the ORM fills them; the ORM's exceptions on failure. */
  async execute<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    try {
      return (await this.connection.query(this.parent.getPlatform().formatQuery(sql, [...params]))).rows as T[];
    } catch (error) {
      throw this.parent.getDriver().convertException(error as Error);
    }
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

  private async end(how: () => Promise<unknown>): Promise<void> {
    this.done = true;
    // The entities stay usable after the transaction: their lazy loads go through the pool again.
    this.fork?.resetTransactionContext();
    try {
      await how();
    } catch (error) {
      throw this.parent.getDriver().convertException(error as Error);
    } finally {
      await poolOf(this.parent).releaseConnection(this.connection);
    }
  }
}
