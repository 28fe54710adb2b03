import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian and Ubuntu put the server binaries (pgbench ships with the server package there). */
const DEBIAN_BIN = '/usr/lib/postgresql';

/** Why the floor could not be measured, and how to get pgbench. */
export const INSTALL_HINT =
  'pgbench not found (looked in PATH and /usr/lib/postgresql/*/bin). On Debian/Ubuntu it ships with the server package:\n' +
  '  apt-get install -y postgresql-15        # or: apt-get install -y postgresql-contrib\n' +
  'elsewhere: install your distribution\'s PostgreSQL server or contrib package (e.g. "postgresql15-contrib" on RHEL).';

/** The pgbench to use: PATH first, then the newest /usr/lib/postgresql/<v>/bin/pgbench; undefined when none works. */
export async function findPgbench(): Promise<string | undefined> {
  const candidates = ['pgbench'];
  if (existsSync(DEBIAN_BIN)) {
    const versions = readdirSync(DEBIAN_BIN)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(DEBIAN_BIN, v, 'bin', 'pgbench')));
  }
  for (const candidate of candidates) {
    try {
      await run(candidate, ['--version']);
      return candidate;
    } catch {
      // Not installed there (or a pg_wrapper without a server version behind it): try the next one.
    }
  }
  return undefined;
}

/** libpq environment for a postgresql:// URL, so no password ever appears on a command line. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: decodeURIComponent(u.hostname) || '127.0.0.1',
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username) || 'postgres',
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
  };
}

/** `pgbench -i -s <scale>`: the tpcb-like tables, in the bench database. */
export async function initPgbench(bin: string, url: string, scale: number): Promise<void> {
  await run(bin, ['-i', '-q', '-s', String(scale)], { env: libpqEnv(url), maxBuffer: 16 * 1024 * 1024 });
}

/** `pgbench -c <clients> -j <threads> -T <seconds>` (built-in tpcb-like); its tps and latency average. */
export async function runPgbench(
  bin: string,
  url: string,
  clients: number,
  seconds: number,
): Promise<{ tps: number; latencyAvgMs: number }> {
  const threads = String(Math.max(1, Math.min(clients, 2)));
  const { stdout } = await run(bin, ['-c', String(clients), '-j', threads, '-T', String(seconds)], {
    env: libpqEnv(url),
    maxBuffer: 16 * 1024 * 1024,
  });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  if (!tps) throw new Error(`Could not read pgbench's tps from:\n${stdout}`);
  const latency = /latency average = ([\d.]+) ms/.exec(stdout);
  return { tps: Number(tps[1]), latencyAvgMs: latency ? Number(latency[1]) : NaN };
}
