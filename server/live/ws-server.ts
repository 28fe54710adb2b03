import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import {
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../config.js';
import { BadInputError, formatError } from '../errors.js';
import type { OperationJudge } from '../limits/operation-judge.js';
import { LiveConnection, type ConnectionParts } from './connection.js';
import { ConnectionLimits, initDeadline, TOO_MANY_CONNECTIONS_CLOSE } from './connection-limits.js';
import { subscribeWithDeliveries } from './execute.js';
import { trackOperation } from './metrics.js';
import type { LiveHub } from './hub.js';
import { bindOperation } from './operations.js';
import { originAllowed } from '../auth/origin.js';
import { sessionCookieValue } from '../auth/session-cookie.js';

/** The schema, and the judge of documents that HTTP uses too (http/ hands them over): the same limits and codes. */
export interface GraphqlOptions {
  schema: GraphQLSchema;
  judge: OperationJudge;
}

/** What the WebSocket side needs from the live room. */
export interface WebSocketParts extends ConnectionParts {
  config: Config;
  hub: LiveHub;
}

/** Largest client message (a subscribe with its document); documents are small. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** Ping interval; a client that does not answer within it is dropped. */
const KEEP_ALIVE_MS = 12_000;

/** The client's address as HTTP reads it (TRUST_PROXY decides whether X-Forwarded-For counts); http/ hands it over. */
export type ClientAddress = (req: http.IncomingMessage) => string;

/**
 * graphql-transport-ws on /graphql, on the HTTP server's own port: the Origin and the connection
 * limits are checked at the upgrade, identity at connection_init (closed 4403 when refused or
 * expired; a socket not signed in within LIVE_INIT_TIMEOUT_SECONDS is cut off), and only
 * subscriptions are served (queries and mutations go over HTTP, through its limits).
 */
export function attachWebSocket(
  server: http.Server,
  parts: WebSocketParts,
  graphql: GraphqlOptions,
  addressOf: ClientAddress,
): () => Promise<void> {
  const { config, logger, metrics } = parts;
  // Every subscription field counts from 0, so its series exist before its first operation.
  for (const field of Object.keys(graphql.schema.getSubscriptionType()?.getFields() ?? {}))
    metrics.operations[field] ??= { started: 0, ended: 0 };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const connections = new WeakMap<Context, LiveConnection>();
  const limits = new ConnectionLimits(config.live);
  const signedIn = new WeakSet<WebSocket>();
  // A credential ended on any instance (the bus brings it): its connections here close at once.
  const open = new Set<LiveConnection>();
  parts.hub.onRevoked((credential) => {
    for (const connection of open) connection.revoked(credential);
  });

  const upgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== '/graphql') {
      refuseUpgrade(socket, 404);
      return;
    }
    if (!originAllowed(req, config)) {
      metrics.originRefused++;
      logger.info({ origin: req.headers.origin?.slice(0, 200) }, 'live: WebSocket origin refused');
      refuseUpgrade(socket, 403);
      return;
    }
    const address = addressOf(req);
    const refusal = limits.admit(address, wss.clients.size);
    if (refusal) {
      metrics.limitRefused++;
      logger.info({ address, reason: refusal.reason }, 'live: WebSocket upgrade refused');
      refuseUpgrade(socket, refusal.status, refusal.retryAfterSeconds);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      limits.holdAddress(ws, address);
      initDeadline(ws, config.live.initTimeoutSeconds * 1000, () => signedIn.has(ws));
      wss.emit('connection', ws, req);
    });
  };
  server.on('upgrade', upgrade);

  // graphql-ws sends what it is given: our one formatter decides what a client may see.
  const format = (error: GraphQLError): GraphQLFormattedError =>
    formatError(error.toJSON(), error, (err) => logger.error({ err }, 'live: internal error'));

  const disposable = useServer(
    {
      schema: graphql.schema,
      isProd: true,
      // initDeadline closes sockets not signed in, and also cuts off those that do not answer the close.
      connectionInitWaitTimeout: 0,
      subscribe: (args) =>
        subscribeWithDeliveries(
          args,
          () => metrics.executions++,
          (field) => trackOperation(metrics, field),
        ),
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const header = request.headers['x-request-id'];
        const requestId = (typeof header === 'string' && header.slice(0, 64)) || randomUUID();
        // Without a token, the upgrade's session cookie (its Origin was checked at the upgrade: never a foreign page's).
        const session = sessionCookieValue(request.headers.cookie);
        const connection = await LiveConnection.open(socket, parts, ctx.connectionParams?.authorization, requestId, session).catch(
          (err: unknown) => {
            // PostgreSQL unreachable while signing in: "try again later", never an internal message.
            logger.error({ err, requestId }, 'live: could not open a connection');
            socket.close(1013, 'Try again later');
            return undefined;
          },
        );
        if (!connection) return false;
        // Closed meanwhile (its deadline, its peer): onClose has run already and would never release it.
        if (socket.readyState !== socket.OPEN) {
          connection.dispose();
          return false;
        }
        if (!limits.claimUser(connection.viewer.userId)) {
          connection.dispose();
          metrics.limitRefused++;
          logger.info({ requestId, userId: connection.viewer.userId }, 'live: too many connections for one user');
          socket.close(TOO_MANY_CONNECTIONS_CLOSE, 'Too many connections');
          return false;
        }
        signedIn.add(socket);
        connections.set(ctx, connection);
        open.add(connection);
        metrics.connections++;
        const serviceAccount = connection.viewer.service && { id: connection.viewer.service.id, name: connection.viewer.service.name };
        logger.info({ requestId, userId: connection.viewer.userId, serviceAccount, connections: metrics.connections }, 'live: connected');
        return true;
      },
      onDisconnect: (ctx, code) => {
        metrics.connections--;
        const connection = connections.get(ctx);
        logger.info({ requestId: connection?.requestId, code, connections: metrics.connections }, 'live: disconnected');
      },
      onClose: (ctx) => {
        const connection = connections.get(ctx);
        if (!connection) return;
        open.delete(connection);
        connection.dispose();
        limits.releaseUser(connection.viewer.userId);
      },
      onSubscribe: async (ctx, id, payload) => {
        const connection = connections.get(ctx)!;
        if (Object.keys(ctx.subscriptions).length > config.live.maxSubscriptions) {
          return [new BadInputError(`At most ${config.live.maxSubscriptions} subscriptions on one connection`)];
        }
        const document = graphql.judge.check(payload.query);
        if (isErrors(document)) return [...document];
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) {
          return [new BadInputError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP')];
        }
        const refusal = await graphql.judge.refusal(document, operation, payload.variables);
        if (refusal) return [refusal];
        const contextValue = connection.operationContext(id);
        bindOperation(contextValue, { hub: parts.hub, subscriber: connection });
        return { schema: graphql.schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        metrics.deliveries++;
        return result.errors ? { ...result, errors: result.errors.map((e) => (e instanceof GraphQLError ? format(e) : e)) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    },
    wss,
    KEEP_ALIVE_MS,
  );

  return async () => {
    server.off('upgrade', upgrade);
    await disposable.dispose();
  };
}

function isErrors(checked: DocumentNode | readonly GraphQLError[]): checked is readonly GraphQLError[] {
  return Array.isArray(checked);
}

function refuseUpgrade(socket: Duplex, status: number, retryAfterSeconds?: number): void {
  const retryAfter = retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`;
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${retryAfter}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}
