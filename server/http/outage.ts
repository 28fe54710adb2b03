import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { isUnavailable, UNAVAILABLE_RETRY_SECONDS } from '../errors.js';

// One listener for every request: it keeps nothing between its calls.
const listener: GraphQLRequestListener<Record<string, unknown>> = {
  willSendResponse({ errors, response }) {
    if (errors?.some(isUnavailable)) {
      response.http.status = 503;
      response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
    }
    return Promise.resolve();
  },
};

/**
 * A resolver that failed because PostgreSQL is unreachable makes the whole answer 503 with Retry-After
 * (the error itself reads UNAVAILABLE, see formatError), so clients tell an outage from a bug and retry.
 */
export const outageAnswers: ApolloServerPlugin = { requestDidStart: () => Promise.resolve(listener) };
