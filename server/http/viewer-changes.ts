import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { RequestContext } from '../auth/context.js';
import type { ViewerCache } from '../auth/viewer-cache.js';
import { rootArguments, valuesNamed } from '../limits/root-arguments.js';

/**
 * After a mutation, the signed-in viewers it may have changed are forgotten before the answer goes
 * out: its author's (preferences, their own memberships) and every user it names by `userId` (a
 * department's members), so the next request of this instance sees the change. Flushes of users and
 * memberships are caught by ViewerCache's ORM subscriber as well; this covers statements without one.
 */
export function forgetChangedViewers(viewers: ViewerCache): ApolloServerPlugin<RequestContext> {
  // One listener for every request: it keeps nothing between its calls.
  const listener: GraphQLRequestListener<RequestContext> = {
    willSendResponse({ operation, document, request, contextValue }) {
      if (operation?.operation !== OperationTypeNode.MUTATION || !document) return Promise.resolve();
      const named = valuesNamed(rootArguments(document, operation, request.variables), 'userId').map(Number);
      viewers.forgetUsers([contextValue.viewer.userId, ...named.filter(Number.isSafeInteger)]);
      return Promise.resolve();
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}
