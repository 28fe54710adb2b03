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
  /** Most publishes kept while the publishing connection is down (later ones are dropped). */
  outboxLimit?: number;
}

/** Publishes kept while Redis is away: ids of a few bytes each, minutes of a busy installation's actions. */
const OUTBOX_LIMIT = 10_000;

/** The CLIENT SETNAME of the bus's Redis connections. */
export function redisConnectionName(channel: string): string {
  return `helpdesk-live-${channel}`;
}

/**
 * Redis pub/sub across instances, for installations with very large fan-out: one connection
 * publishes, one subscribes. Both reconnect by themselves; after each (re)subscription the hub
 * replays from PostgreSQL what was committed meanwhile, as with the PostgreSQL bus. Publishes made
 * while the publishing connection is down wait in a bounded outbox and go out in order once it is
 * back (a publish whose answer was lost may go out twice: the hub drops duplicates).
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
  // ioredis never queues for us: the outbox below does, bounded, and knows what went out.
  const pub = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const sub = new Redis(options.url, common);
  let stopped = false;
  let connectedOnce = false;
  let handlers: BusHandlers | undefined;
  let firstReady: () => void = () => {};
  const outbox: string[] = [];
  const outboxLimit = options.outboxLimit ?? OUTBOX_LIMIT;
  let sending: Promise<void> | undefined;
  let dropping = false;

  // One sender, oldest first; a failure leaves the message at the head for the next 'ready'.
  const drain = async (): Promise<void> => {
    while (outbox.length > 0 && pub.status === 'ready') {
      try {
        await pub.publish(channel, outbox[0]);
        outbox.shift();
      } catch (error) {
        if (!stopped) logger.warn({ err: error, waiting: outbox.length }, 'live: Redis publish failed; kept until Redis is back');
        return;
      }
    }
  };
  const send = (): Promise<void> =>
    (sending ??= drain().finally(() => {
      sending = undefined;
      // A message queued while the loop was finishing would otherwise wait for the next publish.
      if (outbox.length > 0 && pub.status === 'ready') void send();
    }));
  pub.on('ready', () => void send());

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
      if (outbox.length < outboxLimit) {
        outbox.push(encodeMessage(message));
        dropping = false;
      } else {
        // Once per outage: the events are in PostgreSQL, and subscribers catch up by event id.
        if (!dropping) logger.warn({ channel, outboxLimit }, 'live: Redis outbox full, publishes dropped');
        dropping = true;
      }
      await send();
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
      // What is still in the outbox is in PostgreSQL: never hold a shutdown on a Redis that does not answer.
      stopped = true;
      pub.disconnect();
      sub.disconnect();
      await Promise.resolve();
    },
  };
}
