import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../processes.js';
import { ask, cloneDatabase, devToken, FAULT_SERVER_ENV } from './fault-env.js';

// Clients that send half a request and stall (slowloris): the server's timeouts must free each
// connection, answering what it can, while everyone else is served. Short timeouts keep this quick;
// the defaults (10 s for headers, 30 s idle, 120 s a request) work the same way.

interface Stalled {
  /** Milliseconds from the last byte sent to the server closing the connection. */
  closedAfterMs: Promise<number>;
  answer: () => string;
}

function stall(server: ServerProcess, partial: string): Stalled {
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  let answer = '';
  let sentAt = 0;
  socket.on('data', (chunk) => (answer += chunk.toString()));
  const closedAfterMs = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now() - sentAt)));
  socket.on('error', () => {});
  socket.write(partial, () => (sentAt = performance.now()));
  return { closedAfterMs, answer: () => answer };
}

describe('clients that send half a request and stall', () => {
  let database: Awaited<ReturnType<typeof cloneDatabase>>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await cloneDatabase();
    server = await spawnServer({
      ...FAULT_SERVER_ENV,
      DATABASE_URL: database.url,
      HTTP_HEADERS_TIMEOUT_SECONDS: '1',
      HTTP_REQUEST_TIMEOUT_SECONDS: '2',
      HTTP_IDLE_TIMEOUT_SECONDS: '2',
    });
  });

  afterAll(async () => {
    await server?.kill();
    await database.drop();
  });

  it('should close stalled connections after its timeouts while serving everyone else', async () => {
    const token = await devToken(server!.url, 'alice');
    const halfHeaders = Array.from({ length: 40 }, () => stall(server!, 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Le'));
    const halfBodies = Array.from({ length: 40 }, () =>
      stall(server!, 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":"{ me'),
    );

    // Meanwhile, a real client is served as usual.
    for (let i = 0; i < 5; i++) {
      const answer = await ask(server!.url, token, '{ me { uid } }');
      expect(answer.status).toBe(200);
      expect(answer.endedAt - answer.startedAt).toBeLessThan(1000);
    }

    // Headers timeout 1 s (checked every 0.5 s); request and idle timeouts 2 s. The bound leaves room for a busy machine.
    const headerWaits = await Promise.all(halfHeaders.map((s) => s.closedAfterMs));
    const bodyWaits = await Promise.all(halfBodies.map((s) => s.closedAfterMs));
    expect(Math.max(...headerWaits)).toBeLessThan(5000);
    expect(Math.max(...bodyWaits)).toBeLessThan(6000);
    // The refusal is our JSON shape, when the server answers rather than just closing.
    const answered = halfHeaders.map((s) => s.answer()).filter(Boolean);
    expect(answered.length).toBeGreaterThan(0);
    for (const text of answered) {
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(text).toContain('"code":"BAD_USER_INPUT"');
    }
    expect((await ask(server!.url, token, '{ me { uid } }')).status).toBe(200);
    console.log(
      `[slow-client] half headers closed after ≤ ${Math.round(Math.max(...headerWaits))} ms, half bodies after ≤ ${Math.round(Math.max(...bodyWaits))} ms`,
    );
  }, 30_000);
});
