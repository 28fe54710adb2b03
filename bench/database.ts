import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded-postgres.js';

/** The cluster the benchmark's databases live in: DATABASE_URL's, or an embedded one under .data/bench-postgres. */
export async function openCluster(root: string, log: (message: string) => void): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { adminUrl: withDatabase(process.env.DATABASE_URL, 'postgres'), stop: async () => {} };
  log('bench: no DATABASE_URL, starting an embedded PostgreSQL under .data/bench-postgres…');
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(root, '.data/bench-postgres'), log });
  return { adminUrl: withDatabase(embedded.url, 'postgres'), stop: () => embedded.stop() };
}

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

/** The server's version, e.g. "15.20". */
export async function serverVersion(url: string): Promise<string> {
  const rows = await query<{ server_version: string }>(url, 'show server_version');
  return rows.at(0)?.server_version.split(' ')[0] ?? 'unknown';
}
