import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import type { Logger } from 'pino';
import { RateLimitedError } from '../errors.js';
import { ADD_POINTS, COUNTER_TABLE, ensureCounterTable, type CounterRow } from '../limits/counters.js';
import { every } from '../shared/periodic.js';

/** A key's counting window, from its first request. */
const WINDOW_MS = 60_000;
/** How often an instance sends its counts and learns everyone's. */
const SYNC_SECONDS = 1;
/** Rows of windows over for this long are deleted (clients seen once would otherwise stay forever). */
const KEEP_EXPIRED_MS = 60 * 60_000;
/** A budget that is off, as the SQL compares it. */
const UNLIMITED = 2_147_483_647;
/** How often expired rows are deleted, in syncs. */
const PURGE_EVERY_SYNCS = 300;

/** Request budgets per client address and per user, shared by every instance through PostgreSQL. */
export interface RateLimits {
  /** One point per request from the client's address (see TRUST_PROXY); throws RATE_LIMITED (429) over the budget. */
  consumeAddress: (address: string) => void;
  /** Takes `points` from a user's budget; throws RATE_LIMITED (429) over it. */
  consumeUser: (userId: number, points: number) => void;
  /** Sends this instance's new counts and reads back the totals of every instance (once a second on its own). */
  sync: () => Promise<void>;
  /** Stops syncing, after a last sync. */
  stop: () => Promise<void>;
}

/** One key's count in its current window: everyone's total as last read, and this instance's since. */
interface Count {
  /** When the window ends (ms): set by the first request seen, then by the shared row at each sync. */
  expiresAt: number;
  /** The total of every instance at the last sync (this instance's synced points included). */
  known: number;
  /** Points taken here since, not yet sent. */
  pending: number;
  /** Points in flight in the sync running now. */
  sending: number;
}

/**
 * One-minute windows per key (from the key's first request, as the shared row records it), counted in
 * memory and synced: a request costs no database round trip. Once a second each instance adds what it
 * counted to the shared rows in one statement and reads back the totals, then refuses a client whose
 * known total (everyone's at the last sync, plus its own since) is over the budget. So N instances may
 * let through up to about one second of a client's requests each beyond the budget before they all know.
 * When PostgreSQL is unreachable each instance goes on counting alone (nothing blocks, nothing fails)
 * and sends its counts once the database answers again. 0 turns a limit off.
 */
export async function createRateLimits(
  pool: pg.Pool,
  perMinute: { address: number; user: number },
  logger?: Pick<Logger, 'warn' | 'info'>,
): Promise<RateLimits> {
  if (perMinute.address === 0 && perMinute.user === 0) {
    return { consumeAddress: () => {}, consumeUser: () => {}, sync: () => Promise.resolve(), stop: () => Promise.resolve() };
  }
  await ensureCounterTable(pool);
  const counts = new Map<string, Count>();
  const budgetOf = (key: string): number => (key.startsWith('ip:') ? perMinute.address : perMinute.user);
  const fresh = (key: string, now: number): Count => {
    let count = counts.get(key);
    if (!count || count.expiresAt <= now) counts.set(key, (count = { expiresAt: now + WINDOW_MS, known: 0, pending: 0, sending: 0 }));
    return count;
  };

  const consume = (key: string, points: number): void => {
    const budget = budgetOf(key);
    if (budget === 0) return;
    const now = Date.now();
    const count = fresh(key, now);
    if (count.known + count.sending + count.pending + points > budget) {
      throw new RateLimitedError(Math.max(1, Math.ceil((count.expiresAt - now) / 1000)));
    }
    count.pending += points;
  };

  let syncing: Promise<void> | undefined;
  let failing = false;
  let syncs = 0;
  const syncOnce = async (): Promise<void> => {
    const now = Date.now();
    const keys: string[] = [];
    const points: number[] = [];
    for (const [key, count] of counts) {
      if (count.expiresAt <= now)
        counts.delete(key); // its window is over: its counts no longer matter
      else if (count.pending > 0) {
        keys.push(key);
        points.push(count.pending);
        count.sending = count.pending;
        count.pending = 0;
      }
    }
    try {
      // One statement: add our counts (to a row whose window is over, as a new window) and read back their
      // totals, plus every key at least half spent anywhere, so a client that spent its budget on other
      // instances is refused here before its first request.
      const { rows } = await pool.query<CounterRow>(
        `with sent as (${ADD_POINTS})
         select key, points, expire from sent
         union all
         select key, points, expire from ${COUNTER_TABLE}
         where expire > $3 and key <> all($1::varchar[])
           and ((key like 'ip:%' and points * 2 >= $5::int) or (key like 'user:%' and points * 2 >= $6::int))`,
        [keys, points, now, keys.map(() => WINDOW_MS), budgetOf('ip:') || UNLIMITED, budgetOf('user:') || UNLIMITED],
      );
      for (const row of rows) {
        const count = fresh(row.key, now);
        count.known = row.points;
        count.sending = 0;
        count.expiresAt = Number(row.expire);
      }
      if (++syncs % PURGE_EVERY_SYNCS === 0) {
        await pool.query(`delete from ${COUNTER_TABLE} where expire < $1`, [Date.now() - KEEP_EXPIRED_MS]);
      }
      if (failing) logger?.info('rate-limit counters synced again');
      failing = false;
    } catch (err) {
      // Not sent: counted again at the next sync; meanwhile this instance decides on what it knows.
      for (const key of keys) {
        const count = counts.get(key);
        if (count) {
          count.pending += count.sending;
          count.sending = 0;
        }
      }
      if (!failing) logger?.warn({ err }, 'rate-limit counters could not be synced; each instance counts alone meanwhile');
      failing = true;
    }
  };
  // One sync at a time: a slow database never piles them up.
  const sync = (): Promise<void> => (syncing ??= syncOnce().finally(() => (syncing = undefined)));
  const stopTimer = every(SYNC_SECONDS, sync);

  return {
    consumeAddress: (address) => consume(`ip:${address}`, 1),
    consumeUser: (userId, points) => consume(`user:${userId}`, points),
    sync,
    async stop() {
      await stopTimer();
      await sync();
    },
  };
}

/** Where the per-address budget is taken: every request, or on /graphql at the door and once a token is refused. */
export interface AddressBudget {
  /** One point of the request's address (throws RATE_LIMITED over the budget): routes nobody signs in to. */
  every: (req: IncomingMessage) => void;
  /** The same for a request without a token; one with a token passes. */
  anonymous: (req: IncomingMessage) => void;
  /** A request whose token was refused: one point of its address, as if it had come without one. */
  refused: (req: IncomingMessage) => void;
}

/**
 * The per-address budget, which GraphQL takes from anonymous requests only: the people signed in
 * behind one address (a campus NAT) are each counted on their own user budget, not on one shared
 * ceiling. A request with a token passes the door; if the token is refused it is counted then, so a
 * made-up token does not escape the budget (over it: RATE_LIMITED rather than UNAUTHENTICATED).
 */
export function addressBudget(limits: RateLimits, addressOf: (req: IncomingMessage) => string): AddressBudget {
  const every = (req: IncomingMessage): void => limits.consumeAddress(addressOf(req));
  return {
    every,
    anonymous: (req) => {
      if (req.headers.authorization === undefined) every(req);
    },
    // Without a header it was counted at the door.
    refused: (req) => {
      if (req.headers.authorization !== undefined) every(req);
    },
  };
}
