import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning, spawnServer, tail, type ServerProcess } from '../processes.js';
import { ask, cloneDatabase, devToken, FAULT_SERVER_ENV } from './fault-env.js';

// The process's last line of defence (server/main.ts): an error that no request handled is logged,
// and the process goes on serving. The fault is injected from outside, through a preloaded module.
const INJECTOR = fileURLToPath(new URL('./unhandled-on-signal.mjs', import.meta.url));

describe('an error nothing handled, in a running server process', () => {
  let database: Awaited<ReturnType<typeof cloneDatabase>>;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await cloneDatabase();
    const options = `${process.env.NODE_OPTIONS ?? ''} --import=${INJECTOR}`.trim();
    server = await spawnServer({ ...FAULT_SERVER_ENV, DATABASE_URL: database.url, NODE_OPTIONS: options });
  });

  afterAll(async () => {
    await server.kill();
    await database.drop();
  });

  it('should log an uncaught exception and an unhandled rejection, and keep serving', async () => {
    server.child.kill('SIGUSR2');
    for (let i = 0; i < 50 && !/injected exception/.test(server.output()) && isRunning(server.child); i++) await sleep(100);
    await sleep(200);
    expect(isRunning(server.child), tail(server.output())).toBe(true);
    const logged = server
      .output()
      .split('\n')
      .filter((line) => line.includes('injected'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; err: Record<string, unknown> });
    expect(logged.map((l) => l.msg).sort()).toEqual(['unexpected error: still serving', 'unhandled rejection: still serving']);
    expect(logged.map((l) => l.level)).toEqual([50, 50]);
    expect(logged.map((l) => Object.keys(l.err).sort())).toEqual([
      ['message', 'stack', 'type'],
      ['message', 'stack', 'type'],
    ]);
    const token = await devToken(server.url, 'alice');
    const me = await ask(server.url, token, '{ me { uid } }');
    expect(me.status).toBe(200);
    expect(me.data).toEqual({ me: { uid: 'alice' } });
  });
});
