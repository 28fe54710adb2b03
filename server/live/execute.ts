import {
  createSourceEventStream,
  execute,
  getOperationAST,
  Kind,
  type ExecutionArgs,
  type ExecutionResult,
  type SelectionSetNode,
} from 'graphql';
import { sharedText } from './shared-results.js';
import { Delivery } from './live.types.js';
import { LiveSubscription } from './subscription.js';

/** Told that a subscription started, with its field (subscriptionField); the function it gives is called when it ends. */
export type OperationTracker = (field: string) => () => void;

/**
 * graphql-js's `subscribe`, except that each event's payload is resolved in the context its
 * Delivery carries (built for that subscriber and that event) rather than the one context of the
 * operation: field resolvers then see the event's shared fork and the subscriber's primed standing.
 * `track` learns of each subscription that starts, and of its end: completed by the client, its
 * connection closed, or its source done or failed.
 */
export async function subscribeWithDeliveries(
  args: ExecutionArgs,
  onExecute: () => void = () => {},
  track: OperationTracker = () => () => {},
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  const ended = track(subscriptionField(args));
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
    next: () =>
      source.next().then(
        (item) => {
          if (item.done) ended();
          return run(item);
        },
        (error: unknown) => {
          ended();
          throw error;
        },
      ),
    // Ends the source at once, even while it waits for an event (an async generator could not).
    return: async () => {
      ended();
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}

/**
 * The schema's subscription field an operation asks for (its one root field, through aliases and
 * fragments), or `other` when it names none: a label that never carries what a client typed.
 */
export function subscriptionField(args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName'>): string {
  const fields = args.schema.getSubscriptionType()?.getFields() ?? {};
  const fragments = new Map(args.document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  const first = (set: SelectionSetNode | undefined, depth: number): string | undefined => {
    const selection = set?.selections[0];
    if (!selection || depth > fragments.size + 1) return undefined;
    if (selection.kind === Kind.FIELD) return selection.name.value;
    if (selection.kind === Kind.INLINE_FRAGMENT) return first(selection.selectionSet, depth + 1);
    return first(fragments.get(selection.name.value)?.selectionSet, depth + 1);
  };
  const name = first(getOperationAST(args.document, args.operationName)?.selectionSet, 0);
  return name !== undefined && Object.hasOwn(fields, name) ? name : 'other';
}
