import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { backoff, type BusHandlers, type LiveBus } from './bus.js';
import { decodeMessage, encodeMessage } from './live-message.js';

/** What the Redis bus needs. */
export interface RedisBusOptions {
  url: string;
  channel: string;
  logger: Logger;
  onReconnect?: () => void;
}

/** The CLIENT SETNAME of the bus's Redis connections. */
export function redisConnectionName(channel: string): string {
  return `helpdesk-live-${channel}`;
}

/**
 * Redis pub/sub across instances, for installations with very large fan-out: one connection
 * publishes, one subscribes. Both reconnect by themselves; after each (re)subscription the hub
 * replays from PostgreSQL what was committed meanwhile, as with the PostgreSQL bus.
 */
export function redisBus(options: RedisBusOptions): LiveBus {
  const { channel, logger } = options;
  const common = {
    lazyConnect: true,
    // Named, so an operator (or a test) can find this installation's connections in CLIENT LIST.
    connectionName: redisConnectionName(channel),
    retryStrategy: (times: number) => backoff(times),
    // We subscribe again ourselves on 'ready', then replay what was missed.
    autoResubscribe: false,
  };
  // A publish while Redis is down fails at once instead of piling up: the event is in PostgreSQL.
  const pub = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const sub = new Redis(options.url, common);
  let stopped = false;
  let connectedOnce = false;
  let handlers: BusHandlers | undefined;
  let firstReady: () => void = () => {};

  for (const connection of [pub, sub]) {
    connection.on('error', (error: unknown) => {
      if (!stopped) logger.warn({ err: error }, 'live: Redis connection error');
    });
  }
  sub.on('message', (from: string, payload: string) => {
    if (from !== channel) return;
    const message = decodeMessage(payload);
    if (message) handlers?.message(message);
  });
  sub.on('ready', () => {
    sub.subscribe(channel).then(
      () => {
        if (connectedOnce) {
          logger.info({ channel }, 'live: subscribed to Redis again');
          options.onReconnect?.();
        }
        handlers?.ready(connectedOnce);
        connectedOnce = true;
        firstReady();
      },
      (error: unknown) => logger.warn({ err: error }, 'live: Redis subscribe failed'),
    );
  });

  return {
    kind: 'redis',
    async publish(message) {
      await pub.publish(channel, encodeMessage(message));
    },
    async start(h) {
      handlers = h;
      const subscribed = new Promise<void>((resolve) => (firstReady = resolve));
      await Promise.all([pub.connect(), sub.connect()]).catch((error: unknown) => {
        logger.warn({ err: error }, 'live: Redis unreachable at start, retrying');
      });
      await Promise.race([subscribed, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    },
    async stop() {
      stopped = true;
      pub.disconnect();
      sub.disconnect();
      await Promise.resolve();
    },
  };
}
