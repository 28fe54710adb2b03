import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { UnauthenticatedError } from '../errors.js';
import { isMetricsToken, OTHER_OPERATION, type Metrics } from '../metrics/metrics.js';
import { operationName, routeLabel } from '../metrics/operation-names.js';
import { sendError } from './json-errors.js';

/** How the HTTP layer feeds the metrics: a timer on every answer, and the name of each GraphQL operation. */
export interface RequestMetrics {
  /** Times a request and counts it when its answer is sent. */
  track(req: IncomingMessage, res: ServerResponse): void;
  /** Ties a GraphQL context to its request, so the plugin can name the request's operation. */
  bind(context: object, req: IncomingMessage): void;
  /** Names each resolved operation (a request that fails before that counts as `other`). */
  plugin: ApolloServerPlugin;
  /** GET /metrics: the token, compared in constant time, or 401. */
  route: RequestHandler;
}

const REQUEST = Symbol('request of a GraphQL context');

export function requestMetrics(metrics: Metrics, token: string): RequestMetrics {
  const names = new WeakMap<IncomingMessage, string>();
  return {
    track(req, res) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const route = routeLabel(req.url);
        const operation = route === 'other' && isGraphQLPath(req.url) ? (names.get(req) ?? OTHER_OPERATION) : route;
        metrics.observe(operation, res.statusCode, seconds);
      });
    },
    bind(context, req) {
      // A property, not a WeakMap: Apollo hands plugins a shallow copy of the context.
      Reflect.set(context, REQUEST, req);
    },
    plugin: {
      requestDidStart: () =>
        Promise.resolve({
          didResolveOperation: (rc) => {
            const req = Reflect.get(rc.contextValue, REQUEST) as IncomingMessage | undefined;
            if (req) names.set(req, metrics.label(operationName(rc.operation, rc.request.operationName)));
            return Promise.resolve();
          },
        }),
    },
    route: (req, res, next) => {
      if (!isMetricsToken(req.headers.authorization, token)) {
        res.setHeader('www-authenticate', 'Bearer');
        sendError(res, new UnauthenticatedError('A valid metrics token is required'));
        return;
      }
      metrics
        .text()
        .then(({ contentType, body }) => void res.type(contentType).send(body))
        .catch(next);
    },
  };
}

function isGraphQLPath(url: string | undefined): boolean {
  const pathname = (url ?? '').split('?')[0];
  return pathname === '/graphql' || pathname.startsWith('/graphql/');
}
