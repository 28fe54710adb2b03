import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { useScene, useTestApp } from '../../test/fixture.js';
import { eventually, rawSocket, settle, type RawSocket } from '../../test/live-client.js';

describe('WebSocket connection limits per user, per address and per minute', () => {
  // Behind a proxy on loopback: X-Forwarded-For gives each test client its own address, as HTTP reads it.
  const app = useTestApp({
    TRUST_PROXY: 'loopback',
    LIVE_MAX_CONNECTIONS_PER_USER: '2',
    LIVE_MAX_CONNECTIONS_PER_ADDRESS: '3',
    LIVE_UPGRADES_PER_MINUTE: '5',
  });
  const s = useScene(app);
  const open: RawSocket[] = [];
  afterAll(() => {
    for (const r of open) r.socket.close();
  });

  /** A socket from `address`, signed in as `uid` (or sending nothing with null). */
  const connect = async (address: string, uid: string | null): Promise<RawSocket> => {
    const r = rawSocket(app, { 'x-forwarded-for': address });
    open.push(r);
    if (uid) r.send({ type: 'connection_init', payload: { authorization: `Bearer ${await app.token(uid)}` } });
    return r;
  };

  it('should close a user\u2019s connection beyond their share with 4008, while another user still connects', async () => {
    const first = await connect('10.1.0.1', s.owner.uid);
    const second = await connect('10.1.0.2', s.owner.uid);
    await Promise.all([first.acked(), second.acked()]);
    const before = app.live.metrics.limitRefused;
    const third = await connect('10.1.0.3', s.owner.uid);
    expect(await third.outcome).toEqual({ code: 4008, reason: 'Too many connections' });
    expect(third.messages).toEqual([]);
    expect(app.live.metrics.limitRefused).toBe(before + 1);

    await (await connect('10.1.0.4', s.manager.uid)).acked();
    // A closed connection gives its share back.
    first.socket.close();
    await first.outcome;
    let attempt = 0;
    await eventually(async () => {
      const again = await connect(`10.1.1.${++attempt}`, s.owner.uid);
      return Promise.race([
        again.acked().then(
          () => true,
          () => false,
        ),
        again.outcome.then(() => false),
      ]);
    });
  });

  it('should refuse an upgrade from an address holding its share of sockets with 429 and Retry-After, and not another address', async () => {
    const held = await Promise.all([1, 2, 3].map(() => connect('10.2.0.1', null)));
    await Promise.all(held.map((r) => new Promise((resolve) => r.socket.once('open', resolve))));
    expect(await (await connect('10.2.0.1', null)).outcome).toEqual({ status: 429, retryAfter: '5' });
    await (await connect('10.2.0.2', 'per-address-a')).acked();
    held[0].socket.close();
    await held[0].outcome;
    // The server forgets the socket when its side closes, a moment after the client's.
    await settle(200);
    await (await connect('10.2.0.1', 'per-address-b')).acked();
  });

  it('should refuse upgrades beyond LIVE_UPGRADES_PER_MINUTE from one address with 429 and Retry-After', async () => {
    for (let n = 0; n < 5; n++) {
      const r = await connect('10.3.0.1', null);
      await new Promise((resolve) => r.socket.once('open', resolve));
      r.socket.close();
      await r.outcome;
    }
    const refused = await (await connect('10.3.0.1', null)).outcome;
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    await (await connect('10.3.0.2', 'per-minute')).acked();
  });
});

describe('a socket that never signs in', () => {
  const app = useTestApp({ LIVE_MAX_CONNECTIONS: '1', LIVE_INIT_TIMEOUT_SECONDS: '1' });
  const s = useScene(app);

  it('should be closed with 4408 at LIVE_INIT_TIMEOUT_SECONDS', async () => {
    const started = Date.now();
    const r = rawSocket(app);
    expect(await r.outcome).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('should be cut off at the deadline even if it never answers the close, freeing its slot of LIVE_MAX_CONNECTIONS', async () => {
    const silent = await silentSocket(app.url);
    const cut = new Promise<number>((resolve) => silent.on('close', () => resolve(Date.now())));
    const started = Date.now();
    // The one slot is held: nobody else gets in meanwhile.
    expect(await rawSocket(app).outcome).toEqual({ status: 503, retryAfter: '5' });
    // ws would wait 30 s for its close answer, the keep-alive 24 s for a pong: both far past the deadline.
    expect((await cut) - started).toBeLessThan(3000);
    const r = rawSocket(app);
    r.send({ type: 'connection_init', payload: { authorization: `Bearer ${await app.token(s.owner.uid)}` } });
    await r.acked();
    r.socket.close();
  });
});

/** Completes a WebSocket handshake over plain TCP, then reads nothing and answers nothing (not even a close). */
async function silentSocket(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    [
      'GET /graphql HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: graphql-transport-ws',
      '',
      '',
    ].join('\r\n'),
  );
  const answer = await new Promise<string>((resolve) => socket.once('data', (data: Buffer) => resolve(data.toString('latin1'))));
  expect(answer).toMatch(/^HTTP\/1\.1 101 /);
  return socket;
}
