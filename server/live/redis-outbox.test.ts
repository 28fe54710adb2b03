import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveBus } from './bus.js';
import type { LiveMessage } from './live-message.js';
import { redisBus } from './redis-bus.js';
import { eventually, settle } from '../../test/live-client.js';
import { REDIS_URL, redisForTests } from '../../test/redis.js';

const redis = await redisForTests();

/** A TCP relay to Redis that can cut its connections and refuse new ones, as a network outage does. */
interface Relay {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

async function relayTo(target: URL): Promise<Relay> {
  let open = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    client.pipe(upstream).pipe(client);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => void (open = true),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!redis)('the Redis publisher while Redis is away', () => {
  const logger = pino({ level: 'silent' });
  const started: (LiveBus | Relay)[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((part) => ('stop' in part ? part.stop() : part.close())));
  });

  /** A publisher through a relay, and a listener straight on Redis (it never drops, so it never replays). */
  const setUp = async (outboxLimit?: number): Promise<{ relay: Relay; publisher: LiveBus; received: string[] }> => {
    const channel = `helpdesk_test_${randomBytes(4).toString('hex')}`;
    const relay = await relayTo(new URL(REDIS_URL));
    const received: string[] = [];
    const listener = redisBus({ url: REDIS_URL, channel, logger });
    const publisher = redisBus({ url: relay.url, channel, logger, outboxLimit });
    started.push(listener, publisher, relay);
    await listener.start({ message: (m) => 'eventId' in m && received.push(m.eventId), ready: () => {} });
    await publisher.start({ message: () => {}, ready: () => {} });
    await publisher.publish(message('1'));
    await eventually(() => received.length === 1, 5000, 'the first publish');
    return { relay, publisher, received };
  };
  const message = (eventId: string): LiveMessage => ({ ticketId: 1, eventId });

  it('should deliver, in order, what was published while its connection was down, once Redis is back', async () => {
    const { relay, publisher, received } = await setUp();
    relay.cut();
    await settle(200);
    // Not awaited: a publish caught in flight by the cut settles only once the connection is back.
    for (const id of ['2', '3', '4']) void publisher.publish(message(id));
    await settle(300);
    expect(received).toEqual(['1']);
    relay.restore();
    await eventually(() => received.length >= 4, 10_000, 'the kept publishes');
    await settle(200);
    expect(received).toEqual(['1', '2', '3', '4']);
  });

  it('should keep at most outboxLimit publishes while away, the first ones', async () => {
    const { relay, publisher, received } = await setUp(2);
    relay.cut();
    await settle(200);
    for (const id of ['2', '3', '4']) void publisher.publish(message(id));
    relay.restore();
    await eventually(() => received.length >= 3, 10_000, 'the kept publishes');
    await settle(300);
    expect(received).toEqual(['1', '2', '3']);
  });
});
