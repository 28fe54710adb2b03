import pg from 'pg';

/** The cluster the benchmark runs against when DATABASE_URL is not set (trust auth, as on the project's machines). */
export const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A throwaway database for one run, and how to reach the cluster it lives in. */
export interface BenchDatabase {
  /** The maintenance database of the cluster (creates and drops the bench database). */
  adminUrl: string;
  /** The bench database itself. */
  url: string;
  name: string;
}

/** Thrown when no PostgreSQL answers, with what the user should do about it. */
export class NoDatabaseError extends Error {}

/** Same URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on a short-lived connection. */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Creates `bench_<pid>` next to DATABASE_URL's database (or on the default local cluster). */
export async function createBenchDatabase(env: NodeJS.ProcessEnv): Promise<BenchDatabase> {
  const adminUrl = withDatabase(env.DATABASE_URL || DEFAULT_ADMIN_URL, 'postgres');
  try {
    await query(adminUrl, 'select 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NoDatabaseError(
      `No PostgreSQL reachable at ${redact(adminUrl)} (${reason}).\n` +
        'Set DATABASE_URL to a PostgreSQL you may create databases on, e.g.\n' +
        '  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run bench',
    );
  }
  const name = `bench_${process.pid}`;
  await dropBenchDatabase({ adminUrl, url: withDatabase(adminUrl, name), name });
  await query(adminUrl, `create database "${name}"`);
  return { adminUrl, url: withDatabase(adminUrl, name), name };
}

/** Drops the run's database, closing leftover connections. */
export async function dropBenchDatabase(db: BenchDatabase): Promise<void> {
  await query(db.adminUrl, `drop database if exists "${db.name}" with (force)`);
}

/** The server's version, e.g. "15.20". */
export async function serverVersion(url: string): Promise<string> {
  const rows = await query<{ server_version: string }>(url, 'show server_version');
  return rows.at(0)?.server_version.split(' ')[0] ?? 'unknown';
}

/** Flushes dirty pages before a measurement so one run does not pay for the previous one's writes. */
export async function checkpoint(url: string): Promise<void> {
  await query(url, 'checkpoint').catch(() => undefined);
}

/** A URL without its password, for messages. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
