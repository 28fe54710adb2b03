import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { RequestContext } from '../auth/context.js';
import { nulRefusal } from '../shared/root-arguments.js';

// One listener for every request: it keeps nothing between its calls.
const listener: GraphQLRequestListener<RequestContext> = {
  didResolveOperation({ document, operation, request }) {
    const refusal = operation ? nulRefusal(document, operation, request.variables) : undefined;
    return refusal ? Promise.reject(refusal) : Promise.resolve();
  },
};

/**
 * Arguments carrying a NUL character are refused once per operation, before any resolver runs (a
 * field middleware did it before, at the cost of making every field resolver asynchronous).
 */
export const rejectNul: ApolloServerPlugin<RequestContext> = { requestDidStart: () => Promise.resolve(listener) };
