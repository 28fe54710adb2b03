import type { Options } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * How much longer than PostgreSQL's own statement_timeout the client waits for an answer. A server
 * that is alive cancels the statement itself first (a clean error, the connection kept); only one
 * that cannot answer at all (stopped, cut off) meets the client's deadline.
 */
export const DEADLINE_GRACE_MS = 500;

/** A statement PostgreSQL did not answer in time; SQLSTATE 08006 (connection failure): it reads UNAVAILABLE. */
export class StatementDeadlineError extends Error {
  readonly code = '08006';

  constructor(ms: number) {
    super(`PostgreSQL did not answer within ${ms} ms; the connection was closed`);
    this.name = 'StatementDeadlineError';
  }
}

/**
 * The request pool's deadlines (README, DB_TIMEOUT_SECONDS): waiting for a connection, connecting,
 * each statement (statement_timeout on the server, and the client's own deadline for a server that
 * cannot answer) and a transaction left idle (idle_in_transaction_session_timeout) all end within
 * `seconds`; knex's warnings go to our log.
 *
 * Why a mutation the client gave up on does not commit later (test/fault/frozen-postgres.test.ts):
 * the client closes the connection at its deadline, so a transaction whose COMMIT was never sent is
 * rolled back when PostgreSQL reads on; and a COMMIT sent to a stopped server while the session
 * waited idle in its transaction is never read: when the server resumes, the idle timeout, expired
 * meanwhile (it is no longer than the client's wait), ends the session first. A server stopped while
 * it was already committing finishes the commit: that outcome is unknown to the client, which is what
 * createTicket's clientRequestId is for.
 */
export function deadlineOptions(seconds: number, warn: (message: string) => void): Partial<Options> {
  const ms = seconds * 1000;
  return {
    driverOptions: {
      acquireConnectionTimeout: ms,
      connection: { connectionTimeoutMillis: ms, statement_timeout: ms, idle_in_transaction_session_timeout: ms },
      pool: {
        afterCreate: (connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) => {
          boundStatements(connection, ms + DEADLINE_GRACE_MS);
          done(null, connection);
        },
      },
      log: { warn: (message: unknown) => warn(String(message)) },
    },
  };
}

type Callback = (error: Error | null, result?: unknown) => void;
type Send = (...args: unknown[]) => unknown;

/**
 * Gives every statement sent on `client` at most `ms` to be answered; past that it fails with
 * StatementDeadlineError and the connection is closed (the pool never hands out an ended one).
 * Covers the callback form (knex) and the promise form (the lifecycle runner); a query object
 * without a callback (a cursor, a stream) is not bounded — none is used on this pool.
 */
export function boundStatements(client: pg.Client, ms: number): void {
  // Read from the class at each call, so whatever wraps pg's own query() (a test's statement counter) still sees it.
  const parent = Object.getPrototypeOf(client) as { query: Send };
  const send: Send = (...args) => parent.query.apply(client, args);
  const bounded: Send = (...args) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const answer = last as Callback;
      const settle = arm(client, ms, (error) => answer(error));
      return send(...args.slice(0, -1), (error: Error | null, result: unknown) => settle() && answer(error, result));
    }
    const sent = send(...args);
    if (!(sent instanceof Promise)) return sent;
    return new Promise((resolve, reject) => {
      const settle = arm(client, ms, reject);
      sent.then(
        (result: unknown) => settle() && resolve(result),
        // pg rejects with Error objects only.
        (error: unknown) => settle() && reject(error as Error),
      );
    });
  };
  // pg's query() has a dozen overloads; the wrapper passes every argument through unchanged.
  (client as unknown as { query: Send }).query = bounded;
}

// Starts one statement's deadline; the returned function stops it and says whether the answer still counts.
function arm(client: pg.Client, ms: number, fail: (error: Error) => void): () => boolean {
  let open = true;
  const timer = setTimeout(() => {
    open = false;
    fail(new StatementDeadlineError(ms));
    // With a statement in flight pg destroys the socket: nothing more is sent on it (no COMMIT behind it).
    client.end().catch(() => undefined);
  }, ms);
  return () => {
    clearTimeout(timer);
    const counts = open;
    open = false;
    return counts;
  };
}
