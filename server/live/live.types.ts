import type { ExecutionResult } from 'graphql';
import { Field, ObjectType } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { Ticket } from '../model/ticket.entity.js';
import { TicketEvent } from '../model/ticket-event.entity.js';
import { TicketStatus } from '../model/ticket-status.js';

/** One status change as subscribers and the catch-up query receive it (docs/api.md, "Live updates"). */
@ObjectType({
  simpleResolvers: true,
  description:
    "A ticket's status changed. `event.id` increases with every history entry: a client that reconnects passes the last one it saw to `ticketStatusChangesSince`.",
})
export class TicketStatusChange {
  @Field(() => Ticket)
  ticket!: Ticket;

  @Field(() => TicketStatus, { nullable: true, description: 'Null when the ticket was just created.' })
  from!: TicketStatus | null;

  @Field(() => TicketStatus)
  to!: TicketStatus;

  @Field(() => TicketEvent, {
    description:
      'The history entry that changed it; without author, message or files for someone who may read the status but not this entry (a subject-only reader, an internal note).',
  })
  event!: TicketEvent;
}

/**
 * What one subscription receives for one event: the payload, the context its fields resolve in
 * (built only if this delivery is executed), and what decides whether another subscriber's
 * execution of the same document may serve it (see shared-results.ts).
 */
export class Delivery {
  private built: RequestContext | undefined;

  constructor(
    private readonly makeContext: () => RequestContext,
    readonly ticket: Ticket,
    /** The entry, already cut down for readers who may not see it. */
    readonly entry: TicketEvent,
    /** The reader's standing on this event: read level, reach, staff or not. */
    readonly standing: string,
    /** This event's executions, by document and standing, shared by its deliveries. */
    readonly results: Map<string, Promise<ExecutionResult>>,
  ) {}

  /** The subscriber's own context over the event's fork, with their standing primed. */
  get context(): RequestContext {
    return (this.built ??= this.makeContext());
  }
}

/** The status change a delivery or a catch-up row stands for. */
export function statusChangeOf(ticket: Ticket, entry: TicketEvent): TicketStatusChange {
  return Object.assign(new TicketStatusChange(), { ticket, from: entry.statusBefore, to: entry.statusAfter, event: entry });
}

/**
 * An entry as someone who may read the status but not the entry sees it (a subject-only reader, an
 * internal note that changed the status): what changed and when, never who, what was said or which files.
 */
export function statusOnlyEntry(entry: TicketEvent): TicketEvent {
  return Object.assign(new TicketEvent(), {
    id: entry.id,
    ticket: entry.ticket,
    type: entry.type,
    at: entry.at,
    statusBefore: entry.statusBefore,
    statusAfter: entry.statusAfter,
    visibility: entry.visibility,
    actor: null,
    message: null,
  });
}
