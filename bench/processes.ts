import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SWC = ['--import', '@swc-node/register/esm-register'];

/** A process the benchmark started and measures: its URL, its CPU time so far, and how to stop it. */
export interface Started {
  url: string;
  pid: number;
  /** User + system CPU time of the process so far, in ms (Linux /proc; NaN elsewhere). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * How to run the server: the built `dist/` when it is at least as new as every source file, else the
 * TypeScript sources through swc (what `npm run dev` does). BENCH_SERVER=dist|src forces one.
 */
export function serverEntry(choice = process.env.BENCH_SERVER): { args: string[]; kind: 'dist' | 'src' } {
  const dist = path.join(ROOT, 'dist/server/main.js');
  const useDist =
    choice === 'dist' || (choice !== 'src' && existsSync(dist) && newest(path.join(ROOT, 'server')) <= newest(path.dirname(dist)));
  return useDist ? { args: [dist], kind: 'dist' } : { args: [...SWC, path.join(ROOT, 'server/main.ts')], kind: 'src' };
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Tests are not built: editing one does not make dist/ stale.
    if (entry.name.endsWith('.test.ts')) continue;
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** Starts the helpdesk in its own process on `databaseUrl` (`env` added to its settings) and waits until /readyz answers. */
export async function startHelpdesk(
  databaseUrl: string,
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<Started & { entry: 'dist' | 'src' }> {
  const port = await freePort();
  const entry = serverEntry();
  const started = await startProcess(
    [...nodeArgs, ...entry.args],
    {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      NODE_ENV: 'development',
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      TIMER_INTERVAL_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_USER_PER_MINUTE: '0',
      // R4 opens its 1,000 sockets from the runner's one address.
      LIVE_MAX_CONNECTIONS_PER_ADDRESS: '0',
      LIVE_UPGRADES_PER_MINUTE: '0',
      // The write load files and comments as fast as it can (R5 ping-pongs messages on the same tickets).
      FILING_LIMIT_PER_HOUR: '0',
      FILING_LIMIT_PER_DAY: '0',
      STAFF_FILING_LIMIT_PER_HOUR: '0',
      STAFF_FILING_LIMIT_PER_DAY: '0',
      COMMENT_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    `http://127.0.0.1:${port}`,
    '/readyz',
  );
  return { ...started, entry: entry.kind };
}

/** Starts bench/floor-server.ts (a bare Node http server) in its own process. */
export async function startFloor(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  return startProcess(
    [...SWC, path.join(ROOT, 'bench/floor-server.ts')],
    { ...env, PORT: String(port) },
    `http://127.0.0.1:${port}`,
    '/hello',
  );
}

/** Starts bench/live-floor-server.ts (R4's floor: a bare WebSocket broadcast) in its own process. */
export async function startLiveFloor(): Promise<Started> {
  const port = await freePort();
  return startProcess(
    [...SWC, path.join(ROOT, 'bench/live-floor-server.ts')],
    { PORT: String(port) },
    `http://127.0.0.1:${port}`,
    '/hello',
  );
}

async function startProcess(args: string[], env: Record<string, string>, url: string, probe: string): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString());
    output.splice(0, Math.max(0, output.length - 50));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.at(-1)} exited (${child.exitCode}):\n${output.join('')}`);
    try {
      const res = await fetch(url + probe);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.at(-1)} did not answer ${probe} within 300 s:\n${output.join('')}`);
    }
    await sleep(200);
  }
  return {
    url,
    pid: child.pid!,
    cpuMs: () => cpuMs(child),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(20_000, undefined, { ref: false }).then(() => 'timeout' as const)]);
      if (code === 'timeout') child.kill('SIGKILL');
    },
  };
}

function cpuMs(child: ChildProcess): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 a second on Linux).
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
