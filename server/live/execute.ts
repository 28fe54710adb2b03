import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { sharedText } from './shared-results.js';
import { Delivery } from './live.types.js';
import { LiveSubscription } from './subscription.js';

/**
 * graphql-js's `subscribe`, except that each event's payload is resolved in the context its
 * Delivery carries (built for that subscriber and that event) rather than the one context of the
 * operation: field resolvers then see the event's shared fork and the subscriber's primed standing.
 */
export async function subscribeWithDeliveries(
  args: ExecutionArgs,
  onExecute: () => void = () => {},
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  const source = stream[Symbol.asyncIterator]();
  // Deliveries of the hub bring their own context: the operation's (its EntityManager fork and loaders)
  // served only the subscribe resolver, yet graphql-ws keeps these args as long as the subscription.
  if (stream instanceof LiveSubscription) args.contextValue = undefined;
  // Subscribers of the same document whose standing is the same get the same answer: executed once per event.
  const printed = sharedText(args.schema, args.document, args.operationName);
  const operation = printed === undefined ? undefined : JSON.stringify([printed, args.variableValues ?? null]);
  const executeFor = (delivery: Delivery): Promise<ExecutionResult> => {
    onExecute();
    return Promise.resolve(execute({ ...args, rootValue: delivery, contextValue: delivery.context }));
  };
  const run = async (item: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> => {
    if (item.done) return { value: undefined, done: true };
    const delivery = item.value;
    if (!(delivery instanceof Delivery)) return { value: await execute({ ...args, rootValue: delivery }), done: false };
    if (operation === undefined) return { value: await executeFor(delivery), done: false };
    const key = `${delivery.standing} ${operation}`;
    let result = delivery.results.get(key);
    if (!result) delivery.results.set(key, (result = executeFor(delivery)));
    return { value: await result, done: false };
  };
  const results: AsyncIterableIterator<ExecutionResult> = {
    next: () => source.next().then(run),
    // Ends the source at once, even while it waits for an event (an async generator could not).
    return: async () => {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}
