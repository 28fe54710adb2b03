import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { BadInputError } from '../errors.js';
import { ServiceScope } from '../model/service-account.enums.js';
import { assertServiceScope } from '../policies/service-account.policy.js';
import { Ticket } from '../model/ticket.entity.js';
import { resolveFilter, type FilterArgs } from './filter.js';
import type { LiveFilter } from './judge.js';
import { MAX_MISSED, missedStatusChanges } from './missed-changes.js';
import { operationOf } from './operations.js';
import { Delivery, statusChangeOf, TicketStatusChange } from './live.types.js';

const OVER_WEBSOCKET = 'Subscriptions are served over WebSocket (graphql-transport-ws) on /graphql';

/** The delivery an event brought; over HTTP (no event, no delivery) the operation is refused. */
function deliveryOf(root: unknown): Delivery {
  if (!(root instanceof Delivery)) throw new BadInputError(OVER_WEBSOCKET);
  return root;
}

/** Starts a subscription once what it names is checked (a hidden ticket answers NOT_FOUND, like a missing one). */
async function subscribe(
  { args, context }: SubscribeResolverData<unknown, FilterArgs, RequestContext>,
  kind: LiveFilter['kind'],
): Promise<AsyncIterable<Delivery>> {
  const operation = operationOf(context);
  if (!operation) throw new BadInputError(OVER_WEBSOCKET);
  assertServiceScope(context.viewer, ServiceScope.TICKETS_SUBSCRIBE);
  const filter = await resolveFilter(context, kind, args);
  // The operation lives as long as the subscription; each event brings its own fork.
  context.em.clear();
  return operation.hub.subscribe(filter, operation.subscriber);
}

/** Live updates over WebSocket, and what a client that reconnects fetches to catch up. */
@Resolver()
export class LiveResolver {
  @Subscription(() => TicketStatusChange, {
    description:
      "Status changes the subscriber may read: of one ticket, of one department's tickets, or — with neither — of their own, invited and watched tickets and their departments' queues. Judged at each event: someone who lost access receives nothing more; someone who reads only the subject gets number, subject and status.",
    subscribe: (data: SubscribeResolverData<unknown, FilterArgs, RequestContext>) => subscribe(data, 'status'),
  })
  ticketStatusChanged(
    @Root() root: unknown,
    @Arg('ticketId', () => ID, { nullable: true }) _ticketId: string | null,
    @Arg('departmentId', () => ID, { nullable: true }) _departmentId: string | null,
  ): TicketStatusChange {
    const delivery = deliveryOf(root);
    return statusChangeOf(delivery.ticket, delivery.entry);
  }

  @Subscription(() => Ticket, {
    description:
      'The ticket after any new history entry or change the subscriber may see. A client that reconnects reads `ticket(id)` again.',
    subscribe: (data: SubscribeResolverData<unknown, FilterArgs, RequestContext>) => subscribe(data, 'updated'),
  })
  ticketUpdated(@Root() root: unknown, @Arg('ticketId', () => ID) _ticketId: string): Ticket {
    return deliveryOf(root).ticket;
  }

  @Query(() => [TicketStatusChange], {
    description: `The status changes ticketStatusChanged (same ticketId, departmentId) would have delivered after history entry \`afterEventId\`, oldest first, at most \`first\` (≤ ${MAX_MISSED}): a client that reconnects passes the last \`event.id\` it saw, and asks again while full pages come back.`,
  })
  async ticketStatusChangesSince(
    @Arg('afterEventId', () => ID) afterEventId: string,
    @Arg('ticketId', () => ID, { nullable: true }) ticketId: string | null,
    @Arg('departmentId', () => ID, { nullable: true }) departmentId: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<TicketStatusChange[]> {
    const filter = await resolveFilter(ctx, 'status', { ticketId, departmentId });
    return missedStatusChanges(ctx, filter, afterEventId, first ?? 100);
  }
}
