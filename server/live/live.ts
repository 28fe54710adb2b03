import type http from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ContextDeps } from '../auth/context.js';
import type { Config } from '../config.js';
import type { LiveBus } from './bus.js';
import { LiveHub } from './hub.js';
import { LiveMetrics } from './metrics.js';
import { postgresBus } from './pg-bus.js';
import { redisBus } from './redis-bus.js';
import { attachWebSocket, type ClientAddress, type GraphqlOptions } from './ws-server.js';

/** What live updates are started from (main.ts builds them). */
export interface LiveParts {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  /** The database the LISTEN connection opens (the application's). */
  databaseUrl: string;
  contextDeps: ContextDeps;
}

/** Live updates of one instance: its counters, its WebSocket endpoint, and how to stop it. */
export interface Live {
  readonly metrics: LiveMetrics;
  /** Which bus carries events between instances. */
  readonly bus: LiveBus['kind'];
  /** Serves graphql-transport-ws on the HTTP server's /graphql (http/ calls it once, with its reading of client addresses). */
  attach(server: http.Server, graphql: GraphqlOptions, addressOf: ClientAddress): void;
  /** Tells every instance that these credentials ended (a logout): the connections they opened close at once. */
  revoke(credentials: readonly string[]): void;
  /** Closes every WebSocket connection (1001); before the HTTP server stops, which waits for them. */
  closeConnections(): Promise<void>;
  /** Stops the bus. */
  stop(): Promise<void>;
}

/** Starts the bus (PostgreSQL by default, Redis when REDIS_URL is set) and the hub that fans events out. */
export async function startLive(parts: LiveParts): Promise<Live> {
  const { config, logger, orm } = parts;
  const metrics = new LiveMetrics();
  const onReconnect = (): void => {
    metrics.busReconnects++;
  };
  const { channel, redisUrl } = config.live;
  const bus = redisUrl
    ? redisBus({ url: redisUrl, channel, logger, onReconnect })
    : postgresBus({
        url: parts.databaseUrl,
        channel,
        logger,
        onReconnect,
        notify: (to, payload) => orm.em.getConnection().execute('select pg_notify(?, ?)', [to, payload]),
      });
  const hub = new LiveHub({ orm, bus, logger, metrics, queueLimit: config.live.queueLimit });
  await hub.start(parts.contextDeps.hooks);
  const closers: (() => Promise<void>)[] = [];
  return {
    metrics,
    bus: bus.kind,
    attach(server, graphql, addressOf) {
      const connectionParts = { contextDeps: parts.contextDeps, logger, metrics, viewerRefreshSeconds: config.live.viewerRefreshSeconds };
      closers.push(attachWebSocket(server, { ...connectionParts, config, hub }, graphql, addressOf));
    },
    revoke(credentials) {
      for (const credential of credentials) hub.revoke(credential);
    },
    async closeConnections() {
      await Promise.all(closers.splice(0).map((close) => close()));
    },
    async stop() {
      await hub.stop();
    },
  };
}
