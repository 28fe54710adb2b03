import type { ExecutionResult } from 'graphql';
import { contextOf, type RequestContext } from '../auth/context.js';
import type { Viewer } from '../auth/viewer.js';
import type { TicketHooks } from '../hooks/ticket-hooks.js';
import { accessFrom, primeAccess } from '../policies/ticket-access.js';
import { isStaff } from '../policies/ticket.policy.js';
import { ticketLoaders } from '../ticket/ticket.loaders.js';
import type { InvitationRecord } from '../model/invitation.entity.js';
import type { TicketEvent, TicketEventRecord } from '../model/ticket-event.entity.js';
import { BoundedQueue } from './bounded-queue.js';
import { reach, type LiveFilter, type Reach } from './judge.js';
import type { LiveEvent } from './live-event.js';
import { Delivery, statusOnlyEntry } from './live.types.js';

/** The connection side of a subscription: who is listening now, and how to drop them when they fall behind. */
export interface Subscriber {
  /** The viewer as last read (the connection refreshes memberships). */
  readonly viewer: Viewer;
  readonly requestId: string;
  readonly hooks: TicketHooks;
  /** Ends the connection: one of its subscriptions could not keep up. */
  tooSlow(): void;
}

/** What a subscription asks of the hub it belongs to. */
export interface SubscriptionHost {
  /** The newest loaded event of a ticket, whose facts judge what still waits in queues. */
  latest(ticketId: number): LiveEvent | undefined;
  remove(subscription: LiveSubscription): void;
  /** Notes a queue length, for the metrics. */
  queued(size: number): void;
}

/**
 * One subscription: events judged worth queueing wait in a bounded queue, and are judged again
 * when the client is ready for them, with the newest facts known for the ticket ("judged at the
 * moment it is delivered"). Each delivery gets its own context over the event's shared fork, primed
 * with the subscriber's standing, so resolving the payload queries nothing for the access rules.
 */
export class LiveSubscription implements AsyncIterableIterator<Delivery> {
  private readonly queue: BoundedQueue<LiveEvent>;

  constructor(
    readonly filter: LiveFilter,
    private readonly subscriber: Subscriber,
    private readonly host: SubscriptionHost,
    queueLimit: number,
  ) {
    this.queue = new BoundedQueue(queueLimit, () => {
      host.remove(this);
      subscriber.tooSlow();
    });
  }

  /** Queues the event if it reaches this subscriber; never waits. */
  consider(event: LiveEvent): void {
    if (!this.reachOf(event, event)) return;
    if (this.queue.push(event)) this.host.queued(this.queue.size);
  }

  async next(): Promise<IteratorResult<Delivery>> {
    for (;;) {
      const item = await this.queue.next();
      if (item.done) return { value: undefined, done: true };
      const built = this.deliver(item.value);
      const delivery = built instanceof Promise ? await built : built;
      if (delivery) return { value: delivery, done: false };
    }
  }

  return(): Promise<IteratorResult<Delivery>> {
    this.host.remove(this);
    void this.queue.return();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private reachOf(event: LiveEvent, current: LiveEvent): Reach {
    return reach(this.subscriber.viewer, this.filter, event.entryFacts, current.facts, current.watcherIds);
  }

  // Most deliveries need no load (status changes): they are built at once, without a turn of the event loop.
  private deliver(event: LiveEvent): Delivery | undefined | Promise<Delivery> {
    const current = this.host.latest(event.ticket.id) ?? event;
    const reached = this.reachOf(event, current);
    if (!reached) return undefined;
    const { viewer, hooks, requestId } = this.subscriber;
    // A ticket view shows history and invitees: loaded once per event for all its viewers.
    if (this.filter.kind === 'updated' && reached === 'ENTRY') {
      return sharedLoads(event, contextOf(event.em, viewer, hooks, requestId)).then((shared) =>
        deliveryFor(this.subscriber, event, current, reached, shared),
      );
    }
    return deliveryFor(this.subscriber, event, current, reached, undefined);
  }
}

/** One subscriber's delivery of an event, judged with the newest facts known (`current`). */
function deliveryFor(
  subscriber: Subscriber,
  event: LiveEvent,
  current: LiveEvent,
  reached: NonNullable<Reach>,
  shared: SharedLoads | undefined,
): Delivery {
  const { viewer, hooks, requestId } = subscriber;
  const ticketId = event.ticket.id;
  const access = accessFrom(viewer, current.facts);
  const makeContext = (): RequestContext => {
    const context = contextOf(event.em, viewer, hooks, requestId);
    primeAccess(context, ticketId, access);
    const loaders = ticketLoaders(context);
    loaders.watching.prime(ticketId, current.watcherIds.has(viewer.userId));
    if (shared) {
      loaders.history.prime(ticketId, shared.history);
      loaders.invitations.prime(ticketId, shared.invitations);
    }
    return context;
  };
  const standing = `${access.level}/${reached}/${isStaff(viewer, current.facts.departmentId) ? 'staff' : 'other'}`;
  const entry = reached === 'ENTRY' ? event.entry : statusOnly(event);
  return new Delivery(makeContext, event.ticket, entry, standing, resultsOf(event));
}

const results = new WeakMap<LiveEvent, Map<string, Promise<ExecutionResult>>>();
const withheld = new WeakMap<LiveEvent, TicketEvent>();

function resultsOf(event: LiveEvent): Map<string, Promise<ExecutionResult>> {
  let map = results.get(event);
  if (!map) results.set(event, (map = new Map<string, Promise<ExecutionResult>>()));
  return map;
}

// One cut-down copy of the entry per event, whoever receives it.
function statusOnly(event: LiveEvent): TicketEvent {
  let entry = withheld.get(event);
  if (!entry) withheld.set(event, (entry = statusOnlyEntry(event.entry)));
  return entry;
}

interface SharedLoads {
  history: TicketEventRecord[];
  invitations: InvitationRecord[];
}
const shared = new WeakMap<LiveEvent, Promise<SharedLoads>>();

// History and invitations do not depend on who reads them (each viewer's rules filter them later).
function sharedLoads(event: LiveEvent, first: RequestContext): Promise<SharedLoads> {
  let loads = shared.get(event);
  if (!loads) {
    const loaders = ticketLoaders(first);
    loads = Promise.all([loaders.history.load(event.ticket.id), loaders.invitations.load(event.ticket.id)]).then(
      ([history, invitations]) => ({ history, invitations }),
    );
    shared.set(event, loads);
  }
  return loads;
}
