import pg from 'pg';
import type { Logger } from 'pino';
import { backoff, type BusHandlers, type LiveBus } from './bus.js';
import { decodeMessage, encodeMessage } from './live-message.js';

/** What the PostgreSQL bus needs: where to listen, and how to NOTIFY through the application's pool. */
export interface PostgresBusOptions {
  url: string;
  channel: string;
  /** Runs `select pg_notify(channel, payload)` on the application's pool (no connection of its own). */
  notify(channel: string, payload: string): Promise<unknown>;
  logger: Logger;
  /** Called on each reconnection, for the metrics. */
  onReconnect?: () => void;
}

/** The application_name of every listening connection, so an operator (or a test) can find them. */
export const LISTENER_APPLICATION_NAME = 'helpdesk-live';

/**
 * LISTEN/NOTIFY across instances: one PostgreSQL is all an installation needs. Publishing goes
 * through the pool; listening holds one dedicated connection that reconnects (with backoff) and
 * re-LISTENs whenever it drops (restart, failover, pg_terminate_backend).
 */
export function postgresBus(options: PostgresBusOptions): LiveBus {
  const { channel, logger } = options;
  let handlers: BusHandlers | undefined;
  let client: pg.Client | undefined;
  let stopped = false;
  let connectedOnce = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const scheduleReconnect = (): void => {
    if (stopped || retry) return;
    const delay = backoff(attempt++);
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, delay);
    retry.unref();
  };

  // Each client is dropped once, whichever of 'error' and 'end' comes first.
  const drop = (c: pg.Client, error?: unknown): void => {
    if (client !== c && client !== undefined) return;
    client = undefined;
    c.removeAllListeners('notification');
    if (!stopped) logger.warn({ err: error }, 'live: LISTEN connection lost, reconnecting');
    c.end().catch(() => {});
    scheduleReconnect();
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: options.url, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    // Without an 'error' listener a dropped connection would kill the process (docs/stack.md).
    c.on('error', (error) => drop(c, error));
    c.on('end', () => drop(c));
    c.on('notification', (n) => {
      if (n.channel !== channel || !n.payload) return;
      const message = decodeMessage(n.payload);
      if (message) handlers?.message(message);
    });
    try {
      client = c;
      await c.connect();
      await c.query(`LISTEN "${channel}"`);
    } catch (error) {
      drop(c, error);
      return;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    attempt = 0;
    if (connectedOnce) {
      logger.info({ channel }, 'live: listening again');
      options.onReconnect?.();
    }
    handlers?.ready(connectedOnce);
    connectedOnce = true;
  };

  return {
    kind: 'postgres',
    async publish(message) {
      await options.notify(channel, encodeMessage(message));
    },
    async start(h) {
      handlers = h;
      await connect();
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
