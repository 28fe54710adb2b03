import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createRequestContext, type RequestContext } from '../auth/context.js';
import type { DevTokenIssuer, TokenVerifier } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { asUnavailable, formatError, UNAVAILABLE_RETRY_SECONDS } from '../errors.js';
import type { TicketEvents } from '../events/ticket-events.js';
import { filesHttp, type FileParts } from '../files/files-http.js';
import type { Live } from '../live/live.js';
import { answerClientErrors } from './client-errors.js';
import { devTokenRouter } from './dev-token.js';
import { jsonErrors, notFound } from './json-errors.js';
import { documentLimits } from './operation-limits.js';
import { outageAnswers } from './outage.js';
import { portletRouter } from './portlet.js';
import type { RateLimits } from './rate-limit.js';
import { securityHeaders } from './security-headers.js';

/** The parts the HTTP layer serves; main.ts builds them. */
export interface AppParts {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  devIssuer: DevTokenIssuer | undefined;
  events: TicketEvents;
  rateLimits: RateLimits;
  /** Live updates: WebSocket subscriptions on /graphql (absent: HTTP only). */
  live?: Live;
  files: FileParts;
}

/** The running HTTP side: the server to listen on and how to stop it cleanly. */
export interface HttpApp {
  server: http.Server;
  stop(): Promise<void>;
}

/** Wires express, Apollo and the health and dev routes into one HTTP server (one port for everything). */
export async function createHttpApp(parts: AppParts): Promise<HttpApp> {
  const { config, logger, orm } = parts;
  const { limits } = config;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const server = http.createServer(
    {
      maxHeaderSize: limits.headerBytes,
      headersTimeout: limits.headersTimeoutSeconds * 1000,
      requestTimeout: limits.requestTimeoutSeconds * 1000,
      // Node checks those two timeouts only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutSeconds * 500),
    },
    app,
  );
  // A connection that sends nothing for this long (a stalled body, an idle socket) is closed.
  server.setTimeout(limits.idleTimeoutSeconds * 1000);
  answerClientErrors(server);
  app.use((req, res, next) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { requestId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  });

  app.use(securityHeaders(config.publicUrl));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).set('retry-after', String(UNAVAILABLE_RETRY_SECONDS)).json({ status: 'unavailable' });
    }
  });
  app.use(portletRouter(config));
  const files = filesHttp(parts);
  app.use('/files', files.downloads);

  const json = express.json({ limit: config.limits.bodyBytes });
  const limited = parts.rateLimits.byAddress;
  if (parts.devIssuer) app.use('/auth/dev', limited, json, devTokenRouter(parts.devIssuer, orm));

  const documents = documentLimits(config, parts.rateLimits.consumeUser);
  const apollo = new ApolloServer<RequestContext>({
    schema: parts.schema,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns the signals and stops everything in order.
    stopOnTerminationSignals: false,
    parseOptions: documents.parseOptions,
    validationRules: documents.validationRules,
    formatError: (formatted, error) => formatError(formatted, error, (e) => logger.error({ err: e }, 'internal error')),
    plugins: [
      ...documents.plugins,
      outageAnswers,
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // No HTTP caching of answers that depend on the viewer; the plugin's per-field hook only costs time.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  parts.live?.attach(server, { schema: parts.schema, validationRules: documents.validationRules });
  app.use(
    '/graphql',
    limited,
    json,
    files.uploads,
    documents.querySize,
    expressMiddleware(apollo, {
      // PostgreSQL unreachable while signing the viewer in: 503 UNAVAILABLE, not a 500.
      context: async ({ req }) =>
        createRequestContext(
          { orm, verifier: parts.verifier, events: parts.events, adminUids: config.adminUids },
          req.headers.authorization,
          (req.res?.locals.requestId as string | undefined) ?? randomUUID(),
        ).catch((error: unknown) => {
          throw asUnavailable(error);
        }),
    }),
  );
  app.use(notFound);
  app.use(jsonErrors(logger));

  return {
    server,
    async stop() {
      await apollo.stop();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
