import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root, where the server is started from. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT = join(ROOT, 'dist/server/main.js');

/** How to run the server: the build when it is at least as new as the sources (CI builds first), else the dev run. */
export function serverCommand(): { args: string[]; label: string } {
  const forced = process.env.SMOKE_SERVER;
  const useBuilt = forced ? forced === 'dist' : existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource(join(ROOT, 'server'));
  return useBuilt
    ? { args: [BUILT], label: 'built: node dist/server/main.js' }
    : {
        args: ['--import', '@swc-node/register/esm-register', 'server/main.ts'],
        label: 'dev: node --import @swc-node/register/esm-register server/main.ts',
      };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** A server running in its own process, as in production. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGKILL and wait for the exit (the crash a fault test wants). */
  kill(): Promise<void>;
}

/** Spawns the server with `env` on a free port and waits for a 200 from /readyz. */
export async function spawnServer(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  let output = '';
  // Not the test runner's NODE_ENV=test (which silences the logs a failure message shows).
  const { NODE_ENV: _testEnv, ...inherited } = process.env;
  const child = spawn(process.execPath, serverCommand().args, {
    cwd: ROOT,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const server: ServerProcess = {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async kill() {
      if (isRunning(child)) child.kill('SIGKILL');
      await exited(child);
    },
  };
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!isRunning(child)) throw new Error(`the server exited before /readyz (code ${String(child.exitCode)}):\n${tail(output)}`);
    const res = await fetch(`${server.url}/readyz`).catch(() => undefined);
    if (res?.ok) return server;
    await sleep(100);
  }
  await server.kill();
  throw new Error(`no 200 from /readyz within ${timeoutMs / 1000} s:\n${tail(output)}`);
}

/** Whether the child has neither exited nor been killed. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Resolves with the exit code and signal once the child is gone. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (!isRunning(child)) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The last lines of a process's output, for failure messages. */
export function tail(text: string, lines = 30): string {
  return text.split('\n').slice(-lines).join('\n');
}
