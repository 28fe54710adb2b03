import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { RequestContext } from '../auth/context.js';

/**
 * Every operation a service account asks is logged with the account (id and name) beside the
 * request id, so each use is attributable; the key itself is never logged.
 */
export function serviceAccountLog(logger: Pick<Logger, 'info'>): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart: ({ contextValue }) => {
      const service = contextValue.viewer.service;
      if (!service) return Promise.resolve();
      return Promise.resolve({
        didResolveOperation: ({ operation, operationName }) => {
          logger.info(
            {
              requestId: contextValue.requestId,
              serviceAccount: { id: service.id, name: service.name },
              operation: operation?.operation,
              operationName: operationName ?? null,
            },
            'service account operation',
          );
          return Promise.resolve();
        },
      });
    },
  };
}
