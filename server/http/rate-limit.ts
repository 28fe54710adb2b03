import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { asUnavailable, RateLimitedError } from '../errors.js';

// The table the counters live in (created at start when missing): shared by every instance behind the load balancer.
const RATE_LIMIT_TABLE = 'rate_limit';

/** Request budgets per client address and per user, counted in PostgreSQL so they hold across instances. */
export interface RateLimits {
  /** One point per request from the client's address (see TRUST_PROXY); throws like `consumeUser`. */
  consumeAddress: (address: string) => Promise<void>;
  /** Takes `points` from a user's budget; throws RATE_LIMITED (429) over it, UNAVAILABLE (503) when PostgreSQL is down. */
  consumeUser: (userId: number, points: number) => Promise<void>;
}

/**
 * Fixed one-minute windows in PostgreSQL (rate-limiter-flexible). A client over its budget is then
 * refused from memory until its window ends, so a flood costs no database work. 0 turns a limit off.
 */
export async function createRateLimits(pool: pg.Pool, perMinute: { address: number; user: number }): Promise<RateLimits> {
  const byAddress = perMinute.address > 0 ? await limiter(pool, 'ip', perMinute.address) : undefined;
  const byUser = perMinute.user > 0 ? await limiter(pool, 'user', perMinute.user) : undefined;
  return {
    consumeAddress: async (address) => {
      if (!byAddress) return;
      await byAddress.consume(address).catch((rejection: unknown) => {
        throw refusal(rejection);
      });
    },
    consumeUser: async (userId, points) => {
      if (!byUser) return;
      await byUser.consume(String(userId), points).catch((rejection: unknown) => {
        throw refusal(rejection);
      });
    },
  };
}

/** Waits for the table before the first consume (the library's constructor creates it asynchronously). */
function limiter(pool: pg.Pool, keyPrefix: string, points: number): Promise<RateLimiterPostgres> {
  return new Promise((resolve, reject) => {
    const created: RateLimiterPostgres = new RateLimiterPostgres(
      {
        storeClient: pool,
        storeType: 'pool',
        tableName: RATE_LIMIT_TABLE,
        keyPrefix,
        points,
        duration: 60,
        inMemoryBlockOnConsumed: points + 1,
      },
      (error) => (error ? reject(error) : resolve(created)),
    );
  });
}

/** A spent budget becomes RATE_LIMITED with its wait; a database failure becomes UNAVAILABLE; anything else stays. */
function refusal(rejection: unknown): unknown {
  if (rejection instanceof RateLimiterRes) return new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
  return asUnavailable(rejection);
}
