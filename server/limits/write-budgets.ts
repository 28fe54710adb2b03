import type pg from 'pg';
import type { WriteLimits } from '../config.js';
import { RateLimitedError } from '../errors.js';
import { ADD_POINTS, COUNTER_TABLE, ensureCounterTable, type CounterRow } from './counters.js';

/** Which budget an action takes (its declaration says so): filing a ticket, or writing a message on one. */
export type WriteBudgetName = 'FILING' | 'COMMENT';

/** Who spends: a person, whether they hold a staff role (their filings have a budget of their own), and the ticket written on. */
export interface Spender {
  userId: number;
  staff: boolean;
  /** Null when filing: the ticket does not exist yet. */
  ticketId: number | null;
}

/** Gives back what `spend` took, when the write it paid for did not happen. */
export type Refund = () => Promise<void>;

/** What one person may write, shared by every instance: each write takes one from its budget's windows. */
export interface WriteBudgets {
  /** Takes one from every window of the budget, all or none; throws RATE_LIMITED (429) when one is spent. */
  spend: (name: WriteBudgetName, spender: Spender) => Promise<Refund>;
}

/** One counting window of a budget: its row's key, how many it allows, how long it lasts. */
interface Window {
  key: string;
  limit: number;
  ms: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Every this many spends, an instance deletes the budgets' rows whose window is over. */
const PURGE_EVERY_SPENDS = 1000;
const nothing: Refund = () => Promise.resolve();

/**
 * Write budgets kept in PostgreSQL, in the rate limits' table, one statement per write: unlike the
 * request rate limits (counted in memory, synced each second), a write already costs a transaction,
 * and the budget holds exactly across instances. Windows run from a person's first write in them.
 */
export async function createWriteBudgets(pool: pg.Pool, limits: WriteLimits): Promise<WriteBudgets> {
  if (Object.values(limits).every((limit) => limit === 0)) return { spend: () => Promise.resolve(nothing) };
  await ensureCounterTable(pool);
  let spends = 0;

  const add = async (windows: readonly Window[], points: number, now: number): Promise<CounterRow[]> => {
    const keys = windows.map((w) => w.key);
    const { rows } = await pool.query<CounterRow>(ADD_POINTS, [keys, keys.map(() => points), now, windows.map((w) => w.ms)]);
    return rows;
  };

  return {
    async spend(name, spender) {
      const windows = windowsOf(limits, name, spender);
      if (windows.length === 0) return nothing;
      const now = Date.now();
      const rows = await add(windows, 1, now);
      // In the background: a failed purge is retried a thousand writes later, and never fails this one.
      if (++spends % PURGE_EVERY_SPENDS === 0) {
        pool.query(`delete from ${COUNTER_TABLE} where key like 'write:%' and expire < $1`, [now]).catch(() => undefined);
      }
      // Counted first, then judged: two instances never both take the last one. A refusal gives back
      // everything it took (all or none: a full day does not spend the hour). Giving back adds -1 as
      // of the same moment, to the same rows in the same order (no deadlock with a spend).
      const over = rows.filter((row) => row.points > windows.find((w) => w.key === row.key)!.limit);
      const refund: Refund = async () => {
        await add(windows, -1, now);
      };
      if (over.length === 0) return refund;
      await refund();
      throw new RateLimitedError(Math.max(1, ...over.map((row) => Math.ceil((Number(row.expire) - now) / 1000))));
    },
  };
}

/** The windows a write counts in; a limit of 0 is off. A person's filings count once, against the limits of who they are. */
function windowsOf(limits: WriteLimits, name: WriteBudgetName, spender: Spender): Window[] {
  const windows: Window[] =
    name === 'COMMENT'
      ? [{ key: `write:comment:${spender.userId}:${spender.ticketId}`, limit: limits.commentsPerMinute, ms: MINUTE }]
      : [
          {
            key: `write:filing-hour:${spender.userId}`,
            limit: spender.staff ? limits.staffFilingsPerHour : limits.filingsPerHour,
            ms: HOUR,
          },
          { key: `write:filing-day:${spender.userId}`, limit: spender.staff ? limits.staffFilingsPerDay : limits.filingsPerDay, ms: DAY },
        ];
  return windows.filter((w) => w.limit > 0);
}
