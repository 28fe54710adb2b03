import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase } from '../../test/global-setup.js';
import { ensureDatabase } from '../db/database.js';
import { migrateDatabase } from '../db/orm.js';
import { fileTicket } from '../../test/factories.js';
import { JPEG, PDF, TEXT } from '../../test/file-samples.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type TestApp } from '../../test/harness.js';
import { jobsSettled } from '../../test/query-count.js';
import { gqlUpload } from '../../test/uploads.js';
import { COUNTER_TABLE } from '../limits/counters.js';
import { backup, listFiles, NotEmptyError, restore, wipeDatabase } from './backup.js';

const ATTACH = 'mutation($id: ID!, $files: [Upload!]!) { attachFiles(ticketId: $id, files: $files) { id } }';
const COMMENT = 'mutation($id: ID!, $m: String!) { addComment(ticketId: $id, message: $m) { id } }';

/** Every row of every table (sorted by its text), every sequence's position, and every stored file's bytes' digest. */
async function snapshot(
  app: TestApp,
  databaseUrl: string,
): Promise<{
  tables: Record<string, unknown[]>;
  sequences: Record<string, string>;
  files: { key: string; size: number; sha256: string }[];
}> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables: Record<string, unknown[]> = {};
    const names = await client.query<{ t: string }>(`select tablename as t from pg_tables where schemaname = 'public' order by 1`);
    // The rate-limit counters move on their own (synced each second): bookkeeping, not data.
    for (const { t } of names.rows.filter((r) => `"${r.t}"` !== COUNTER_TABLE)) {
      const { rows } = await client.query<{ all: unknown[] }>(`select coalesce(json_agg(x order by x::text), '[]') as all from "${t}" x`);
      tables[t] = rows[0].all;
    }
    const sequences: Record<string, string> = {};
    const seqs = await client.query<{ s: string }>(`select sequencename as s from pg_sequences where schemaname = 'public' order by 1`);
    for (const { s } of seqs.rows) {
      sequences[s] = (await client.query<{ v: string }>(`select last_value::text as v from "${s}"`)).rows[0].v;
    }
    return { tables, sequences, files: await listFiles(app.filesDir) };
  } finally {
    await client.end();
  }
}

/** The major version of a cluster's server, or undefined when it cannot be reached. */
async function serverMajor(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
    return Math.floor(Number(rows[0].v) / 10000);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const PG_DUMP_MAJOR = (() => {
  try {
    return Number(/(\d+)/.exec(execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }))?.[1]);
  } catch {
    return undefined;
  }
})();

/**
 * pg_dump must be as new as the server: the suite's embedded cluster is PostgreSQL 17, and Debian
 * bookworm's client is 15 (docs/operations.md, "Backups"). Then the test runs on the machine's
 * PostgreSQL (BACKUP_TEST_ADMIN_URL, by default the one CI starts on 5432) in a database of its own.
 */
async function compatibleDatabase(): Promise<{ env: Record<string, string>; url: string | undefined; adminUrl?: string; name?: string }> {
  const testMajor = await serverMajor(inject('dbAdminUrl'));
  if (PG_DUMP_MAJOR !== undefined && testMajor !== undefined && PG_DUMP_MAJOR >= testMajor) return { env: {}, url: undefined };
  const adminUrl = process.env.BACKUP_TEST_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const machineMajor = await serverMajor(adminUrl);
  if (PG_DUMP_MAJOR === undefined || machineMajor === undefined || PG_DUMP_MAJOR < machineMajor) {
    throw new Error(
      `no pg_dump for these servers: pg_dump ${PG_DUMP_MAJOR ?? 'missing'}, the tests' PostgreSQL ${testMajor}, ${adminUrl} ${machineMajor ?? 'unreachable'}`,
    );
  }
  const name = `t_backup_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  await migrateDatabase(url);
  return { env: { DATABASE_URL: url }, url, adminUrl, name };
}

describe('npm run backup / npm run restore: back up, wipe, restore, compare', () => {
  let chosen: Awaited<ReturnType<typeof compatibleDatabase>> | undefined;
  afterAll(async () => {
    if (chosen?.adminUrl && chosen.name) await dropDatabase(chosen.adminUrl, chosen.name);
  });
  const app = useTestApp(async () => {
    chosen = await compatibleDatabase();
    return chosen.env;
  });
  const s = useScene(app);
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });
  /** The database the app runs on: the harness's clone, or the machine's when pg_dump is older than the suite's cluster. */
  const databaseUrl = (): string => chosen?.url ?? app.databaseUrl;

  it('should give back every ticket, entry and file byte for byte, and refuse to restore over data unless forced', async () => {
    // Tickets with messages, several entries and files of several kinds.
    for (let i = 0; i < 4; i++) {
      const id = await fileTicket(app, s.owner.uid, s.category.id, { subject: `Demande ${i} — accents éàü` });
      ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
      ok(await app.gql(s.manager.uid, COMMENT, { id, m: `<p>Réponse ${i}</p>` }));
      const kinds: [string, Buffer][] = [
        ['pdf', PDF],
        ['txt', TEXT],
        ['jpg', JPEG],
      ];
      const files = kinds
        .slice(0, 1 + (i % 3))
        .map(([ext, bytes], n) => ({ path: `variables.files.${n}`, name: `f${i}-${n}.${ext}`, bytes }));
      ok(await gqlUpload(app, s.owner.uid, { query: ATTACH, variables: { id, files: files.map(() => null) }, files }));
    }
    await jobsSettled(app);
    const before = await snapshot(app, databaseUrl());
    expect(before.tables.ticket.length).toBeGreaterThanOrEqual(4);
    expect(before.files.length).toBe(1 + 2 + 3 + 1);

    const work = await mkdtemp(path.join(os.tmpdir(), 'helpdesk-backup-'));
    folders.push(work);
    const manifest = await backup(databaseUrl(), app.filesDir, path.join(work, 'b1'));
    expect(manifest.files).toHaveLength(before.files.length);
    expect(manifest.lastMigration).toMatch(/^Migration\d+/);

    // Wipe: the database's schema and the files, as after a lost disk. The running server's jobs finish
    // first: pg-boss completes a job without awaiting it, so a job ending on a dropped schema would be
    // an unhandled rejection (an operator stops the server to restore).
    await jobsSettled(app);
    await wipeDatabase(databaseUrl());
    await rm(app.filesDir, { recursive: true, force: true });
    expect((await snapshot(app, databaseUrl())).tables).toEqual({});

    await restore(path.join(work, 'b1'), databaseUrl(), app.filesDir);
    const after = await snapshot(app, databaseUrl());
    expect(Object.keys(after.tables)).toEqual(Object.keys(before.tables));
    for (const table of Object.keys(before.tables)) expect(after.tables[table], table).toEqual(before.tables[table]);
    expect(after.sequences).toEqual(before.sequences);
    expect(after.files).toEqual(before.files);
    console.info(
      `backup/restore compared: ${Object.keys(before.tables).length} tables (${before.tables.ticket.length} tickets, ` +
        `${before.tables.ticket_event.length} entries, ${before.tables.attachment.length} attachments, ` +
        `${Object.values(before.tables).reduce((n: number, rows) => n + rows.length, 0)} rows), ${Object.keys(before.sequences).length} sequences, ` +
        `${before.files.length} files (${before.files.reduce((n, f) => n + f.size, 0)} bytes, SHA-256 each): identical`,
    );

    // The running server reads and writes the restored data.
    const [ticket] = before.tables.ticket as { id: number }[];
    ok(await app.gql(s.manager.uid, COMMENT, { id: String(ticket.id), m: '<p>Après restauration</p>' }));
    await fileTicket(app, s.owner.uid, s.category.id);

    // Over a database that holds data, or a files directory that holds files: refused, nothing touched.
    await jobsSettled(app);
    const changed = await snapshot(app, databaseUrl());
    await expect(restore(path.join(work, 'b1'), databaseUrl(), app.filesDir)).rejects.toBeInstanceOf(NotEmptyError);
    expect(await snapshot(app, databaseUrl())).toEqual(changed);
    await jobsSettled(app);
    await wipeDatabase(databaseUrl());
    await writeFile(path.join(app.filesDir, 'stray'), 'x');
    await expect(restore(path.join(work, 'b1'), databaseUrl(), app.filesDir)).rejects.toThrow(/\(0 tables in the database, 8 files\)/);

    // Forced: replaced by the backup, whatever was there.
    await restore(path.join(work, 'b1'), databaseUrl(), app.filesDir, true);
    const forced = await snapshot(app, databaseUrl());
    expect(forced.tables).toEqual(before.tables);
    expect(forced.files).toEqual(before.files);
  }, 120_000);
});
