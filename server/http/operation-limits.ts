import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { RequestHandler } from 'express';
import {
  Kind,
  OperationTypeNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { RequestContext } from '../auth/context.js';
import type { Config } from '../config.js';
import { QueryLimitError } from '../errors.js';
import { sendError } from './json-errors.js';
import { operationCost, rootFieldCount } from './query-cost.js';

/** Apollo options that bound a document's shape, and the size check that runs before Apollo. */
export interface DocumentLimits {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<RequestContext>[];
  /** The size refusal of a request's `query` (a JSON body's, or the URL's for GET), if it is over the limit. */
  querySizeError: (query: unknown) => QueryLimitError | undefined;
  /** The same check as express middleware (the express path of /graphql). */
  querySize: RequestHandler;
}

/**
 * Every limit on a GraphQL document, each refusing with 400 GRAPHQL_VALIDATION_FAILED before any
 * resolver runs: size (bytes, before Apollo), then Apollo's parser stops at the token limit, then graphql-armor's
 * depth, aliases and directives rules, then — once the operation and its variables are known — the
 * number of mutation fields and the cost (query-cost.ts). Armor's own cost rule is off: it sees neither
 * variables nor the fan-out of lists without `first`. Armor's token rule is off too: it throws (500).
 */
export function documentLimits(
  config: Pick<Config, 'limits' | 'graphql'>,
  consumeUser: (userId: number, points: number) => void,
): DocumentLimits {
  const { limits } = config;
  // Armor's rules report through this instead of throwing, so the answer is a 400 with our code.
  const report = (context: ValidationContext | null, error: GraphQLError): void =>
    context?.reportError(new QueryLimitError(error.message.replace(/^Syntax Error: /, '')));
  const rule = { propagateOnRejection: false, onReject: [report] };
  const armor = new ApolloArmor({
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Fragments flattened: the depth is the selection's real nesting, however it is written.
    maxDepth: { n: limits.queryDepth, flattenFragments: true, ...rule },
    maxAliases: { n: limits.queryAliases, ...rule },
    maxDirectives: { n: limits.queryDirectives, ...rule },
    blockFieldSuggestion: { enabled: !config.graphql.fieldSuggestions },
  }).protect();

  // One listener for every request: it keeps nothing between its calls.
  const listener: GraphQLRequestListener<RequestContext> = {
    didResolveOperation({ schema, document, operation, request, contextValue }) {
      if (!operation) return Promise.resolve(); // no such operation: Apollo answers that itself
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      const mutations = operation.operation === OperationTypeNode.MUTATION ? rootFieldCount(operation, fragments) : 0;
      if (mutations > limits.mutationsPerRequest) {
        throw new QueryLimitError(`At most ${limits.mutationsPerRequest} mutation field(s) per request; this one has ${mutations}`);
      }
      const cost = operationCost({ schema, operation, fragments, variables: request.variables, limit: limits.queryCost });
      if (cost > limits.queryCost) {
        throw new QueryLimitError(
          `Query cost limit of ${limits.queryCost} exceeded (estimated ${cost} or more); ask for smaller pages or fewer nested lists`,
        );
      }
      // Every mutation field counts in the user's budget, so one request cannot write many times for one point.
      if (limits.userRequestsPerMinute > 0) consumeUser(contextValue.viewer.userId, Math.max(1, mutations));
      return Promise.resolve();
    },
  };
  const limitsPlugin: ApolloServerPlugin<RequestContext> = { requestDidStart: () => Promise.resolve(listener) };

  // Before Apollo (whose hooks before parsing cannot refuse with a 400) and before signing the viewer in.
  const querySizeError = (query: unknown): QueryLimitError | undefined =>
    typeof query === 'string' && (query.length > limits.queryBytes || Buffer.byteLength(query) > limits.queryBytes)
      ? new QueryLimitError(`The query document is larger than ${limits.queryBytes} bytes`)
      : undefined;
  const querySize: RequestHandler = (req, res, next) => {
    const error = querySizeError(req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query);
    if (error) sendError(res, error);
    else next();
  };

  return {
    querySizeError,
    querySize,
    parseOptions: { maxLexicalTokens: limits.queryTokens },
    validationRules: armor.validationRules,
    // Armor's typings come from its CommonJS build; the plugins are plain Apollo plugins.
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin<RequestContext>[]), limitsPlugin],
  };
}
