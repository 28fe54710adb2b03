import http from 'node:http';
import querystring from 'node:querystring';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type Request, type RequestHandler, type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { createRequestContext, type RequestContext } from '../auth/context.js';
import { sessionTokenOf } from '../auth/session-cookie.js';
import { signInRouter } from '../sign-in/sign-in-router.js';
import { CatalogueSizes } from '../catalogue/catalogue-sizes.js';
import type { DevTokenIssuer, TokenVerifier } from '../auth/tokens.js';
import type { ViewerCache } from '../auth/viewer-cache.js';
import type { Directory } from '../directory/ldap-directory.js';
import type { Config } from '../config.js';
import { migrationsList } from '../db/migrations/index.js';
import { readinessProbe } from '../db/readiness.js';
import { asUnavailable, formatError, UnauthenticatedError, UNAVAILABLE_RETRY_SECONDS } from '../errors.js';
import type { TicketHooks } from '../hooks/ticket-hooks.js';
import { filesHttp, type FileParts } from '../files/files-http.js';
import { statisticsCsvRouter } from '../desk/statistics-csv.js';
import { OperationJudge } from '../limits/operation-judge.js';
import type { Live } from '../live/live.js';
import type { Metrics } from '../metrics/metrics.js';
import type { WriteBudgets } from '../limits/write-budgets.js';
import { answerClientErrors } from './client-errors.js';
import { devTokenRouter } from './dev-token.js';
import { answerGraphQL, isPlainGraphQL, readJsonBody, type GraphQLAnswerParts } from './graphql-http.js';
import { errorToAnswer, jsonErrors, notFound, sendError } from './json-errors.js';
import { httpDocumentLimits } from './operation-limits.js';
import { outageAnswers } from './outage.js';
import { forgetChangedViewers } from './viewer-changes.js';
import { portletRouter } from './portlet.js';
import { addressBudget, type RateLimits } from './rate-limit.js';
import { serviceAccountLog } from './service-account-log.js';
import { requestIdOf, trackRequests } from './request-log.js';
import { requestMetrics } from './request-metrics.js';
import { securityHeaders } from './security-headers.js';

/** The parts the HTTP layer serves; main.ts builds them. */
export interface AppParts {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  devIssuer: DevTokenIssuer | undefined;
  hooks: TicketHooks;
  rateLimits: RateLimits;
  /** What each person may write (filings, messages), taken by the actions. */
  budgets: WriteBudgets;
  /** Live updates: WebSocket subscriptions on /graphql (absent: HTTP only). */
  live?: Live;
  files: FileParts;
  /** Viewers signed in recently (see auth/viewer-cache.ts). */
  viewers: ViewerCache;
  /** Prometheus series (absent: METRICS_TOKEN unset, /metrics answers 404 and nothing is measured). */
  metrics?: Metrics;
  /** The LDAP directory people are also found in (absent: no LDAP_URL). */
  directory?: Directory;
  /** The development mail catcher's pages (/dev/mail), when it runs. */
  devMail?: Router;
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
  const track = trackRequests(logger);
  const measured = parts.metrics && config.metricsToken ? requestMetrics(parts.metrics, config.metricsToken) : undefined;
  const server = http.createServer(
    {
      maxHeaderSize: limits.headerBytes,
      headersTimeout: limits.headersTimeoutSeconds * 1000,
      requestTimeout: limits.requestTimeoutSeconds * 1000,
      // Node checks those two timeouts only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutSeconds * 500),
    },
    (req, res) => {
      track(req, res);
      measured?.track(req, res);
      // Plain GraphQL requests skip express (its routing and body parsing cost more than Apollo on a small request).
      if (isPlainGraphQL(req)) void serveGraphQL(req, res);
      else app(req, res);
    },
  );
  // A connection that sends nothing for this long (a stalled body, an idle socket) is closed.
  server.setTimeout(limits.idleTimeoutSeconds * 1000);
  answerClientErrors(server);
  app.use((_req, res, next) => {
    res.locals.requestId = requestIdOf(res);
    next();
  });

  app.use(securityHeaders(config.publicUrl));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  // Answered within 2 s even when PostgreSQL is stopped; not ready while a migration this code needs is missing (db/readiness.ts).
  const readiness = readinessProbe(orm.config.get('clientUrl'), {
    migrations: migrationsList.map((m) => m.name),
    onPending: (pending) =>
      pending.length > 0
        ? logger.warn({ pending }, 'readiness: the database lacks migrations this release needs')
        : logger.info('readiness: the database has every migration this release needs'),
  });
  app.get('/readyz', async (_req, res) => {
    const now = await readiness.check();
    if (now.ready) res.json({ status: 'ready' });
    else res.status(503).set('retry-after', String(UNAVAILABLE_RETRY_SECONDS)).json({ status: 'unavailable', reason: now.reason });
  });
  if (measured) app.get('/metrics', measured.route);
  app.use(portletRouter(config));
  if (parts.devMail) app.use('/dev/mail', parts.devMail);
  const files = filesHttp(parts);
  app.use('/files', files.downloads);
  app.use(
    statisticsCsvRouter(
      {
        orm: parts.orm,
        verifier: parts.verifier,
        hooks: parts.hooks,
        adminUids: config.adminUids,
        viewers: parts.viewers,
      },
      (req) => sessionTokenOf(req, config, false),
    ),
  );

  const json = express.json({ limit: config.limits.bodyBytes });
  const addressOf = clientAddress(app, config.trustProxy);
  const address = addressBudget(parts.rateLimits, addressOf);
  const limited =
    (consume: (req: Request) => void): RequestHandler =>
    (req, _res, next) => {
      try {
        consume(req);
        next();
      } catch (error) {
        next(error);
      }
    };
  if (parts.devIssuer) app.use('/auth/dev', limited(address.every), json, devTokenRouter(parts.devIssuer, orm));
  // CAS, OIDC and logout (server/sign-in); a logout closes the session's sockets on every instance.
  const signIn = { config, logger, orm, revoked: (credentials: string[]) => parts.live?.revoke(credentials) };
  app.use(['/auth/cas', '/auth/oidc', '/auth/logout'], limited(address.every));
  app.use(signInRouter(signIn, { insecureHttp: !config.production }));

  // One judgement of documents for HTTP and WebSocket alike (limits/operation-judge.ts).
  const catalogue = new CatalogueSizes(orm, (err) => logger.warn({ err }, 'limits: could not read the catalogue sizes'));
  const judge = new OperationJudge({ config, schema: parts.schema, catalogue });
  const documents = httpDocumentLimits(judge, config, parts.rateLimits.consumeUser);
  const apollo = new ApolloServer<RequestContext>({
    schema: parts.schema,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns the signals and stops everything in order.
    stopOnTerminationSignals: false,
    ...documents.apollo,
    formatError: (formatted, error) =>
      formatError(formatted, error, (e) => logger.error({ err: e }, 'internal error'), { suggestions: config.graphql.fieldSuggestions }),
    // Compact JSON: Apollo's default indents every answer, which costs time to build and bytes to send.
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      documents.plugin,
      serviceAccountLog(logger),
      outageAnswers,
      forgetChangedViewers(parts.viewers),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // No HTTP caching of answers that depend on the viewer; the plugin's per-field hook only costs time.
      ApolloServerPluginCacheControlDisabled(),
      ...(measured ? [measured.plugin] : []),
    ],
  });
  await apollo.start();
  parts.live?.attach(server, { schema: parts.schema, judge }, addressOf);
  const contextDeps = {
    orm,
    verifier: parts.verifier,
    hooks: parts.hooks,
    adminUids: config.adminUids,
    viewers: parts.viewers,
    budgets: parts.budgets,
    directory: parts.directory,
  };
  const graphql: GraphQLAnswerParts<RequestContext> = {
    apollo,
    // PostgreSQL unreachable while signing the viewer in: 503 UNAVAILABLE, not a 500.
    context: (req, res) =>
      createRequestContext(contextDeps, req.headers.authorization, requestIdOf(res), sessionTokenOf(req, config, true)).then(
        (context) => {
          measured?.bind(context, req);
          return context;
        },
        (error: unknown) => {
          if (error instanceof UnauthenticatedError) address.refused(req);
          throw asUnavailable(error);
        },
      ),
  };

  /** The lean path of /graphql: the same gates as the express path below, in the same order. */
  async function serveGraphQL(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      res.setHeader('x-content-type-options', 'nosniff');
      address.anonymous(req);
      const body = req.method === 'POST' ? await readJsonBody(req, limits.bodyBytes) : undefined;
      const query = body === undefined ? querystring.parse((req.url ?? '').split('?')[1] ?? '').query : (body as { query?: unknown }).query;
      const tooLarge = judge.sizeRefusal(query);
      if (tooLarge) sendError(res, tooLarge);
      else await answerGraphQL(graphql, req, res, body);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else sendError(res, errorToAnswer(error, logger));
    }
  }

  // Everything /graphql the lean path does not take: multipart uploads, other methods and content types.
  app.use('/graphql', limited(address.anonymous), json, files.uploads, documents.querySize, (req, res, next) => {
    answerGraphQL(graphql, req, res, req.body).catch(next);
  });
  app.use(notFound);
  app.use(jsonErrors(logger));

  return {
    server,
    async stop() {
      await apollo.stop();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      await readiness.close();
    },
  };
}

/**
 * The client's address as express's `req.ip` reads it (TRUST_PROXY decides whether X-Forwarded-For
 * counts), for requests express never sees too. Without a trusted proxy it is the socket's peer.
 */
function clientAddress(app: Express, trustProxy: Config['trustProxy']): (req: http.IncomingMessage) => string {
  if (trustProxy === false || trustProxy === 0) return (req) => req.socket.remoteAddress ?? 'unknown';
  return (req) => {
    const view: unknown = Object.create(app.request, {
      headers: { value: req.headers },
      socket: { value: req.socket },
      connection: { value: req.socket },
    });
    return (view as Request).ip ?? 'unknown';
  };
}
