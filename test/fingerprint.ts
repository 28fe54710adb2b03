import type { TestApp } from './harness.js';

/** Bookkeeping that every request writes, refused or not (the rate limits' counters). */
const REQUEST_BOOKKEEPING = ['rate_limit'];

/**
 * A digest of every row of every table of the app's database: a refused call must leave it equal
 * ("bad input gets a clear error and nothing is written"), whatever table a bug would touch.
 */
export async function databaseFingerprint(app: TestApp): Promise<Record<string, string>> {
  const em = app.em();
  const tables = await em.execute<{ name: string }[]>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const digests: Record<string, string> = {};
  for (const { name } of tables.filter((t) => !REQUEST_BOOKKEEPING.includes(t.name))) {
    const rows = await em.execute<{ digest: string | null }[]>(
      `select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as digest from "${name}" x`,
    );
    digests[name] = rows.at(0)?.digest ?? '';
  }
  return digests;
}
