import type pg from 'pg';

/**
 * The counters' table, shared by every instance behind the load balancer: the request rate limits
 * (http/rate-limit.ts) and the write budgets (write-budgets.ts) keep their windows there. Its columns
 * are rate-limiter-flexible's, which kept it before: an instance of either kind reads the other's rows.
 */
export const COUNTER_TABLE = '"rate_limit"';

/** Creates the counters' table when it is missing (both users of it call this at start). */
export async function ensureCounterTable(pool: pg.Pool): Promise<void> {
  await pool.query(
    `create table if not exists ${COUNTER_TABLE} (key varchar(255) primary key, points integer not null default 0, expire bigint)`,
  );
}

/**
 * One statement adding points to windows: $1 the keys, $2 the points, $3 now (ms), $4 each window's
 * length (ms). A row whose window is over starts a new window. Returns each key's total and end.
 */
export const ADD_POINTS = `insert into ${COUNTER_TABLE} as r (key, points, expire)
  select k, p, $3::bigint + w from unnest($1::varchar[], $2::int[], $4::bigint[]) as t(k, p, w)
  on conflict (key) do update set
    points = case when r.expire is null or r.expire <= $3 then excluded.points else r.points + excluded.points end,
    expire = case when r.expire is null or r.expire <= $3 then excluded.expire else r.expire end
  returning key, points, expire`;

/** A counter's row as ADD_POINTS returns it (`expire` is a bigint: pg hands it over as a string). */
export interface CounterRow {
  key: string;
  points: number;
  expire: string;
}
