import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

// initdb takes seconds on a slow machine, and each test starts postgres more than once.
const TIMEOUT = 120_000;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const moduleUrl = new URL('./embedded-postgres.ts', import.meta.url).href;

const parents: string[] = [];
const started: EmbeddedPostgres[] = [];

async function freshDataDir(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'embedded-pg-test-'));
  // mkdtemp gives 0700; as root, postgres runs as user "postgres", which must reach the data dir.
  await chmod(parent, 0o755);
  parents.push(parent);
  return join(parent, 'pg');
}

async function start(dataDir: string, log?: (msg: string) => void): Promise<EmbeddedPostgres> {
  const db = await startEmbeddedPostgres({ dataDir, log });
  started.push(db);
  return db;
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split('\n')[0], 10);
  return pid > 0 ? pid : undefined;
}

/** Alive and not a zombie: /proc/<pid>/cmdline is empty once the process has exited. */
async function isRunning(pid: number): Promise<boolean> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')) !== '';
}

/** Starts the cluster from a separate node process, then kills that process with SIGKILL. */
async function startInKilledApp(dataDir: string): Promise<void> {
  const script = `
    const { startEmbeddedPostgres } = await import(${JSON.stringify(moduleUrl)});
    const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
    process.stdout.write('ready ' + db.port + '\\n');
    setInterval(() => {}, 60_000);`;
  const app = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    for await (const chunk of app.stdout) {
      output += String(chunk);
      if (output.includes('ready ')) break;
    }
    expect(output).toContain('ready ');
  } finally {
    const exited = once(app, 'exit');
    app.kill('SIGKILL');
    await exited;
  }
}

afterEach(async () => {
  for (const db of started.splice(0)) await db.stop();
  // A failed test may leave a postmaster behind: kill it before removing its files.
  for (const parent of parents.splice(0)) {
    const pid = await postmasterPid(join(parent, 'pg'));
    if (pid !== undefined && (await isRunning(pid))) process.kill(pid, 'SIGKILL');
    await rm(parent, { recursive: true, force: true });
  }
}, TIMEOUT);

describe('startEmbeddedPostgres', () => {
  it(
    'should start, answer a query and stop',
    async () => {
      const dataDir = await freshDataDir();
      const db = await start(dataDir);

      expect(db.url).toBe(`postgresql://postgres:${new URL(db.url).password}@127.0.0.1:${db.port}/postgres`);
      expect(await query(db.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      const passwordFile = await stat(join(dataDir, 'embedded-postgres.password'));
      expect(passwordFile.mode & 0o777).toBe(0o600);

      await db.stop();
      await db.stop();
      await expect(query(db.url, 'select 1')).rejects.toThrow();
      expect(await postmasterPid(dataDir)).toBeUndefined();
    },
    TIMEOUT,
  );

  it(
    'should keep data across a stop and a start',
    async () => {
      const dataDir = await freshDataDir();
      const first = await start(dataDir);
      await query(first.url, "create table note (body text); insert into note values ('kept')");
      await first.stop();

      const second = await start(dataDir);

      expect(await query(second.url, 'select body from note')).toEqual([{ body: 'kept' }]);
    },
    TIMEOUT,
  );

  it(
    'should refuse a second start of a data dir this process already runs, and leave the first one running',
    async () => {
      const dataDir = await freshDataDir();
      const first = await start(dataDir);

      await expect(start(dataDir)).rejects.toThrow(`${dataDir} already has a PostgreSQL started by this process`);

      expect(await query(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await first.stop();
      const again = await start(dataDir);
      expect(await query(again.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    },
    TIMEOUT,
  );

  it(
    'should start again after the app was killed with SIGKILL and left its postmaster running',
    async () => {
      const dataDir = await freshDataDir();
      await startInKilledApp(dataDir);
      const orphan = (await postmasterPid(dataDir)) ?? 0;
      expect(await isRunning(orphan)).toBe(true);
      const logged: string[] = [];

      const db = await start(dataDir, (msg) => logged.push(msg));

      expect(await query(db.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      expect(await isRunning(orphan)).toBe(false);
      expect(logged).toContain(`stopping a leftover PostgreSQL (pid ${orphan}) in ${dataDir}`);
      expect(logged.join('\n')).not.toContain(new URL(db.url).password);
    },
    TIMEOUT,
  );
});
