import type { EntityManager } from '@mikro-orm/postgresql';
import type { TicketChange } from '../events/ticket-events.js';
import { TicketEvent, type StoredChange } from '../ticket/ticket-event.entity.js';
import type { Ticket } from '../ticket/ticket.entity.js';
import { EntryVisibility, type TicketEventType } from '../ticket/ticket.enums.js';
import { isOpen, TicketStatus } from '../ticket/ticket-status.js';

// The one history entry of an action, and the status it leads to (docs/lifecycle.md, "History").

/** The history entry an action writes (exactly one, or none for watch/unwatch). */
export interface EntryDraft {
  type: TicketEventType;
  message?: string | null;
  visibility?: EntryVisibility;
  changes?: StoredChange[];
  silent?: boolean;
}

/** Applies the status and writes the one entry of an action (status before/after, message, changes). */
export async function record(
  tx: EntityManager,
  ticket: Ticket,
  from: TicketStatus | null,
  to: TicketStatus,
  draft: EntryDraft,
  actorId: number | null,
): Promise<TicketChange> {
  const now = new Date();
  setStatus(ticket, to, now);
  ticket.lastActivityAt = now;
  const event = tx.create(TicketEvent, {
    ticket,
    type: draft.type,
    at: now,
    actor: actorId,
    statusBefore: from,
    statusAfter: to,
    message: draft.message ?? null,
    visibility: draft.visibility ?? EntryVisibility.PARTICIPANTS,
    changes: draft.changes ?? [],
    silent: draft.silent ?? false,
  });
  await tx.flush();
  return {
    ticketId: ticket.id,
    eventId: event.id,
    type: event.type,
    actorId,
    statusBefore: from,
    statusAfter: to,
    departmentId: ticket.department.id,
    silent: event.silent,
  };
}

// Sets the status and the times that follow from it (end of the ticket, closure request).
function setStatus(ticket: Ticket, to: TicketStatus, now: Date): void {
  // The reopen window runs from the final status (a closure awaiting approval is not an end yet).
  if (ticket.status !== to && !isOpen(to) && to !== TicketStatus.CLOSED) ticket.endedAt = now;
  if (isOpen(to)) {
    ticket.endedAt = null;
    ticket.closureRequestedAt = null;
  }
  ticket.status = to;
}
