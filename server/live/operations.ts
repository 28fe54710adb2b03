import type { RequestContext } from '../auth/context.js';
import type { LiveHub } from './hub.js';
import type { Subscriber } from './subscription.js';

/** What a subscription resolver needs besides its request context: the hub and who subscribes. */
export interface LiveOperation {
  hub: LiveHub;
  subscriber: Subscriber;
}

// Keyed by the operation's own context: the context module stays unaware of live updates.
const operations = new WeakMap<RequestContext, LiveOperation>();

/** Marks a context as a WebSocket operation's (done by the WebSocket server for each subscribe). */
export function bindOperation(ctx: RequestContext, operation: LiveOperation): void {
  operations.set(ctx, operation);
}

/** The live operation a context belongs to; undefined over HTTP. */
export function operationOf(ctx: RequestContext): LiveOperation | undefined {
  return operations.get(ctx);
}
