import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { Delivery } from './live.types.js';

/**
 * graphql-js's `subscribe`, except that each event's payload is resolved in the context its
 * Delivery carries (built for that subscriber and that event) rather than the one context of the
 * operation: field resolvers then see the event's shared fork and the subscriber's primed standing.
 */
export async function subscribeWithDeliveries(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  const source = stream[Symbol.asyncIterator]();
  const run = async (item: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> => {
    if (item.done) return { value: undefined, done: true };
    const contextValue = item.value instanceof Delivery ? item.value.context : args.contextValue;
    return { value: await execute({ ...args, rootValue: item.value, contextValue }), done: false };
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
