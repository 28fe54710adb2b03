import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** What a backup folder holds besides the dump and the files: enough to check a restore against. */
export interface BackupManifest {
  createdAt: string;
  /** pg_dump's and the server's versions, e.g. "15.20" and "15.10". */
  pgDump: string;
  server: string;
  /** The last migration applied: a restore runs with a release that knows it. */
  lastMigration: string | null;
  /** Every file of the directory store: its key (relative path), size and SHA-256; null when files live in S3. */
  files: { key: string; size: number; sha256: string }[] | null;
}

/** Where the client tools are: PG_BIN (a folder, Config.pgBin) when set, else the PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore', pgBin: string | undefined): string {
  return pgBin ? path.join(pgBin, name) : name;
}

/**
 * Backs up the database (pg_dump, custom format) and the directory store's files (`filesDir`; null
 * when files live in an S3 bucket, whose own versioning keeps them: docs/operations.md, "Backups")
 * into a new folder `into`. Refuses a pg_dump older than the server: it would fail or miss objects.
 */
export async function backup(databaseUrl: string, filesDir: string | null, into: string, pgBin?: string): Promise<BackupManifest> {
  const pgDump = pgTool('pg_dump', pgBin);
  const client = await major(pgDump);
  const server = await serverVersion(databaseUrl);
  if (Number(client.split('.')[0]) < Number(server.split('.')[0])) {
    throw new Error(
      `${pgDump} ${client} cannot dump a PostgreSQL ${server} server: install the client tools of ${server.split('.')[0]} (PG_BIN)`,
    );
  }
  await mkdir(into, { recursive: false });
  await run(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(into, 'database.dump')}`, databaseUrl]);
  let files: BackupManifest['files'] = null;
  if (filesDir) {
    await cp(filesDir, path.join(into, 'files'), { recursive: true, errorOnExist: true }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
    files = await listFiles(path.join(into, 'files'));
  }
  const manifest: BackupManifest = {
    createdAt: new Date().toISOString(),
    pgDump: client,
    server,
    lastMigration: await lastMigration(databaseUrl),
    files,
  };
  await writeFile(path.join(into, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Thrown when a restore would overwrite something and was not asked to (`force`). */
export class NotEmptyError extends Error {}

/**
 * Restores a backup folder into the database and the files directory. A database that already holds
 * tables, or a files directory that holds files, is refused unless `force` (then the database's objects
 * are dropped first by pg_restore --clean, and the directory emptied). Every restored file is checked
 * against the manifest's SHA-256.
 */
export async function restore(
  from: string,
  databaseUrl: string,
  filesDir: string | null,
  force = false,
  pgBin?: string,
): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(path.join(from, 'manifest.json'), 'utf8')) as BackupManifest;
  const tables = await tableCount(databaseUrl);
  const existing = filesDir && manifest.files ? await listFiles(filesDir) : [];
  if (!force && (tables > 0 || existing.length > 0)) {
    throw new NotEmptyError(
      `refusing to restore over existing data (${tables} tables in the database, ${existing.length} files): pass --force to replace them`,
    );
  }
  // Replacing (forced): whatever the database holds goes, the job queue's schema and tables a newer release added included.
  if (tables > 0) await wipeDatabase(databaseUrl);
  await run(pgTool('pg_restore', pgBin), [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    `--dbname=${databaseUrl}`,
    path.join(from, 'database.dump'),
  ]);
  // The SearchDocument migration turned JIT off with ALTER DATABASE: a setting of the database, which no dump carries.
  await withClient(databaseUrl, async (c) => {
    await c.query(`do $$ begin execute format('alter database %I set jit = off', current_database());
      exception when insufficient_privilege then raise notice 'jit left on'; end $$`);
  });
  if (filesDir && manifest.files) {
    await rm(filesDir, { recursive: true, force: true });
    await mkdir(filesDir, { recursive: true });
    await cp(path.join(from, 'files'), filesDir, { recursive: true }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
    const restored = new Map((await listFiles(filesDir)).map((f) => [f.key, f.sha256]));
    const wrong = manifest.files.filter((f) => restored.get(f.key) !== f.sha256);
    if (wrong.length > 0) throw new Error(`${wrong.length} restored files differ from the backup (first: ${wrong[0].key})`);
  }
  return manifest;
}

/** Drops every schema of the database (public, the job queue's…) and leaves an empty `public`. */
export async function wipeDatabase(url: string): Promise<void> {
  await withClient(url, async (c) => {
    const { rows } = await c.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'`,
    );
    for (const { name } of rows) await c.query(`drop schema "${name.replace(/"/g, '""')}" cascade`);
    await c.query('create schema public');
  });
}

/** Every file under `dir` (recursively), with its size and SHA-256, sorted by key. */
export async function listFiles(dir: string): Promise<{ key: string; size: number; sha256: string }[]> {
  const found: { key: string; size: number; sha256: string }[] = [];
  const walk = async (sub: string): Promise<void> => {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    });
    for (const entry of entries) {
      const key = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(key);
      else if (entry.isFile()) {
        const bytes = await readFile(path.join(dir, key));
        found.push({ key, size: (await stat(path.join(dir, key))).size, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
    }
  };
  await walk('');
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

async function major(tool: string): Promise<string> {
  const { stdout } = await run(tool, ['--version']);
  const version = /(\d+(?:\.\d+)?)/.exec(stdout)?.[1];
  if (!version) throw new Error(`could not read the version of ${tool}`);
  return version;
}

async function serverVersion(url: string): Promise<string> {
  return withClient(
    url,
    async (c) => (await c.query<{ v: string }>(`select split_part(current_setting('server_version'), ' ', 1) as v`)).rows[0].v,
  );
}

async function lastMigration(url: string): Promise<string | null> {
  return withClient(url, async (c) => {
    const rows = await c
      .query<{ name: string }>('select name from mikro_orm_migrations order by id desc limit 1')
      .catch(() => ({ rows: [] }));
    return rows.rows[0]?.name ?? null;
  });
}

async function tableCount(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`,
    );
    return rows[0].n;
  });
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
