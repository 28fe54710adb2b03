import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type ErrorRequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createRequestContext, type RequestContext } from '../auth/context.js';
import type { DevTokenIssuer, TokenVerifier } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { formatError } from '../errors.js';
import type { TicketEvents } from '../events/ticket-events.js';
import { depthLimit } from './depth-limit.js';
import { rateLimit } from './rate-limit.js';
import { devTokenRouter } from './dev-token.js';
import { portletRouter } from './portlet.js';

/** The parts the HTTP layer serves; main.ts builds them. */
export interface AppParts {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  devIssuer: DevTokenIssuer | undefined;
  events: TicketEvents;
}

/** The running HTTP side: the server to listen on and how to stop it cleanly. */
export interface HttpApp {
  server: http.Server;
  stop(): Promise<void>;
}

/** Wires express, Apollo and the health and dev routes into one HTTP server (one port for everything). */
export async function createHttpApp(parts: AppParts): Promise<HttpApp> {
  const { config, logger, orm } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const server = http.createServer(app);

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

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  app.use(portletRouter(config));

  const json = express.json({ limit: config.limits.bodyBytes });
  const limited = rateLimit(config.limits.requestsPerMinute);
  if (parts.devIssuer) app.use('/auth/dev', limited, json, devTokenRouter(parts.devIssuer, orm));

  const apollo = new ApolloServer<RequestContext>({
    schema: parts.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals and stops everything in order.
    stopOnTerminationSignals: false,
    validationRules: [depthLimit(config.limits.queryDepth)],
    formatError: (formatted, error) => formatError(formatted, error, (e) => logger.error({ err: e }, 'internal error')),
    // No HTTP caching of answers that depend on the viewer; the plugin's per-field hook only costs time.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  app.use(
    '/graphql',
    limited,
    json,
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createRequestContext(
          { orm, verifier: parts.verifier, events: parts.events, adminUids: config.adminUids },
          req.headers.authorization,
          (req.res?.locals.requestId as string | undefined) ?? randomUUID(),
        ),
    }),
  );
  app.use(jsonErrors(logger));

  return {
    server,
    async stop() {
      await apollo.stop();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Malformed JSON, oversize bodies and anything else that escapes: a GraphQL-shaped JSON error, never an HTML page.
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number }, _req, res, _next) => {
    if (error.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'Malformed JSON body', extensions: { code: 'BAD_USER_INPUT' } }] });
    } else if (error.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: 'Request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    } else if (error.status && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ errors: [{ message: 'Bad request', extensions: { code: 'BAD_USER_INPUT' } }] });
    } else {
      logger.error({ err: error }, 'unhandled HTTP error');
      res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  };
}
