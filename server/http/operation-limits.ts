import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { RequestContext } from '../auth/context.js';
import type { Config } from '../config.js';
import { hideSuggestions } from '../limits/document-rules.js';
import type { OperationJudge } from '../limits/operation-judge.js';
import { sendError } from './json-errors.js';

/** The judge's limits as the HTTP side applies them: Apollo's options and plugin, and the size check before Apollo. */
export interface HttpDocumentLimits {
  /** Apollo's parse and validation options (the judge's rules: the WebSocket path uses the same). */
  apollo: { parseOptions: ParseOptions; validationRules: ValidationRule[] };
  /** What Apollo runs once the operation is known: the judge's refusal, then the user's rate budget. */
  plugin: ApolloServerPlugin<RequestContext>;
  /** The size check as express middleware (the express path of /graphql); the lean path asks the judge itself. */
  querySize: RequestHandler;
}

/**
 * Every limit on a GraphQL document over HTTP, each refusing with 400 GRAPHQL_VALIDATION_FAILED before
 * any resolver runs (limits/operation-judge.ts holds them all, for WebSocket too): size before Apollo,
 * tokens, depth, aliases and directives as Apollo parses and validates (and keeps the document), then
 * mutation fields, cost and NUL characters once the operation and its variables are known.
 */
export function httpDocumentLimits(
  judge: OperationJudge,
  config: Pick<Config, 'limits'>,
  consumeUser: (userId: number, points: number) => void,
): HttpDocumentLimits {
  const { limits } = config;
  const { rules } = judge;
  // One listener for every request: it keeps nothing between its calls.
  const listener: GraphQLRequestListener<RequestContext> = {
    async didResolveOperation({ document, operation, request, contextValue }) {
      if (!operation) return; // no such operation: Apollo answers that itself
      const refusal = await judge.refusal(document, operation, request.variables);
      if (refusal) throw refusal;
      // Every mutation field counts in the user's budget, so one request cannot write many times for one point.
      if (limits.userRequestsPerMinute > 0) consumeUser(contextValue.viewer.userId, Math.max(1, judge.writes(document, operation)));
    },
    didEncounterErrors({ errors }) {
      if (!rules.fieldSuggestions) for (const error of errors) error.message = hideSuggestions(error.message);
      return Promise.resolve();
    },
  };
  const querySize: RequestHandler = (req, res, next) => {
    const error = judge.sizeRefusal(req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query);
    if (error) sendError(res, error);
    else next();
  };
  return {
    apollo: { parseOptions: rules.parseOptions, validationRules: [...rules.validationRules] },
    plugin: { requestDidStart: () => Promise.resolve(listener) },
    querySize,
  };
}
