import type { ApolloServerPlugin } from '@apollo/server';
import { isUnavailable, UNAVAILABLE_RETRY_SECONDS } from '../errors.js';

/**
 * A resolver that failed because PostgreSQL is unreachable makes the whole answer 503 with Retry-After
 * (the error itself reads UNAVAILABLE, see formatError), so clients tell an outage from a bug and retry.
 */
export const outageAnswers: ApolloServerPlugin = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse({ errors, response }) {
        if (errors?.some(isUnavailable)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
        }
        return Promise.resolve();
      },
    }),
};
