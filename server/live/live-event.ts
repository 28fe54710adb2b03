import type { EntityManager } from '@mikro-orm/postgresql';
import { factsOf, INVITATIONS_SQL, toInvitations } from '../policies/ticket-access.js';
import type { TicketFacts } from '../policies/ticket.policy.js';
import type { Ticket } from '../model/ticket.entity.js';
import { TicketEvent } from '../model/ticket-event.entity.js';
import type { EntryFacts } from './judge.js';
import type { LiveMessage } from './live-message.js';

/**
 * One committed history entry as this instance's subscribers see it: loaded once (two statements,
 * whatever the number of subscribers) into its own EntityManager fork, which every delivery of
 * the event then shares, so the payload's common fields need no further query.
 */
export interface LiveEvent {
  readonly message: LiveMessage;
  readonly em: EntityManager;
  readonly ticket: Ticket;
  readonly entry: TicketEvent;
  readonly entryFacts: EntryFacts;
  /** The ticket's access facts when the event was loaded. */
  readonly facts: TicketFacts;
  readonly watcherIds: ReadonlySet<number>;
}

/** A ticket's people beyond its row: invitations [invitee, inviter] and watchers. */
export interface TicketCircle {
  invitations: [number, number][];
  watcherIds: Set<number>;
}

/** The invitations and watchers of several tickets in one statement (live events and catch-up alike). */
export async function loadCircles(em: EntityManager, ticketIds: readonly number[]): Promise<Map<number, TicketCircle>> {
  const rows = await em.execute<{ id: number; invitations: [number, number][]; watchers: number[] }[]>(
    `select t.id,
       ${INVITATIONS_SQL} as invitations,
       coalesce((select json_agg(w.user_id) from watcher w where w.ticket_id = t.id), '[]') as watchers
     from unnest(?::int[]) as t(id)`,
    [`{${ticketIds.join(',')}}`],
  );
  return new Map(rows.map((r) => [r.id, { invitations: r.invitations, watcherIds: new Set(r.watchers) }]));
}

/** The relations every payload may show, loaded with the entry so deliveries query nothing for them. */
const PAYLOAD = ['actor', 'ticket.category', 'ticket.department', 'ticket.owner', 'ticket.creator', 'ticket.manager'] as const;

/** Loads an event for fan-out; undefined when the entry is gone (its ticket was deleted meanwhile). */
export async function loadLiveEvent(em: EntityManager, message: LiveMessage): Promise<LiveEvent | undefined> {
  const [entry, circles] = await Promise.all([
    em.findOne(TicketEvent, { id: message.eventId, ticket: message.ticketId }, { populate: PAYLOAD }),
    loadCircles(em, [message.ticketId]),
  ]);
  const circle = circles.get(message.ticketId);
  if (!entry || !circle) return undefined;
  const ticket = entry.ticket.getEntity();
  return {
    message,
    em,
    ticket,
    entry,
    entryFacts: entryFactsOf(entry),
    facts: factsWith(ticket, circle),
    watcherIds: circle.watcherIds,
  };
}

/** A ticket's access facts from its loaded row (department populated) and circle. */
export function factsWith(ticket: Ticket, circle: TicketCircle): TicketFacts {
  return factsOf(ticket, ticket.department.getEntity(), toInvitations(circle.invitations));
}

/** What the judgement reads of an entry. */
export function entryFactsOf(entry: TicketEvent): EntryFacts {
  return {
    ticketId: entry.ticket.id,
    statusBefore: entry.statusBefore,
    statusAfter: entry.statusAfter,
    visibility: entry.visibility,
    authorId: entry.actor?.id ?? null,
  };
}
