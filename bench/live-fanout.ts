import os from 'node:os';
import pg from 'pg';
import WebSocket from 'ws';
import { freePort, startHelpdesk, startLiveFloor } from './processes.js';
import { round } from './results.js';
import { measureFanout } from './rows/live.js';

/**
 * `npm run bench:live`: R4 alone (the same measurement as `npm run bench -- R4`, bench/rows/live.ts)
 * on a throwaway database of DATABASE_URL's cluster, the server in its own process with its
 * inspector open, so the memory per subscriber is its live heap after a full GC, not its RSS.
 * Settings (env): DATABASE_URL, LIVE_SUBSCRIBERS (1000), LIVE_EVENTS (100), BENCH_SERVER (dist|src).
 */
async function main(): Promise<void> {
  const env = process.env;
  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  const cluster = new URL(env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
  cluster.pathname = '/postgres';
  const name = `bench_live_${process.pid}`;
  const database = new URL(cluster.href);
  database.pathname = `/${name}`;
  const maintenance = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: cluster.href });
    client.on('error', () => {});
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await maintenance(`create database "${name}"`);
  try {
    const inspectorPort = await freePort();
    const server = await startHelpdesk(database.href, [`--inspect=127.0.0.1:${inspectorPort}`], { ADMIN_UIDS: 'bench.admin' });
    const inspector = await inspectorSession(inspectorPort);
    const floor = await startLiveFloor();
    try {
      const result = await measureFanout(
        {
          url: server.url,
          pid: server.pid,
          cpuMs: () => server.cpuMs(),
          heapUsed: async () => {
            await inspector('HeapProfiler.collectGarbage');
            return ((await inspector('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
          },
          token: (uid) => devToken(server.url, uid),
          adminUid: 'bench.admin',
          floor,
          log,
        },
        { subscribers: Number(env.LIVE_SUBSCRIBERS || 1000), events: Number(env.LIVE_EVENTS || 100), warmup: 10 },
      );
      const machine = { cpus: os.cpus().length, node: process.version, load_average_1m: round(os.loadavg()[0]), server: server.entry };
      console.log(JSON.stringify({ machine, results: [result] }, null, 2));
      if (!result.pass) process.exitCode = 1;
    } finally {
      inspector.close();
      await Promise.all([server.stop(), floor.stop()]);
    }
  } finally {
    await maintenance(`drop database if exists "${name}" with (force)`);
  }
}

async function devToken(url: string, uid: string): Promise<string> {
  const res = await fetch(`${url}/auth/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uid }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** A minimal Chrome DevTools Protocol client of the server's inspector: sends a method, resolves with its result. */
async function inspectorSession(port: number): Promise<((method: string) => Promise<unknown>) & { close(): void }> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  let next = 0;
  const call = (method: string): Promise<unknown> =>
    new Promise((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  return Object.assign(call, { close: () => socket.close() });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
