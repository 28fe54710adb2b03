import { ConflictError } from '../errors.js';
import type { TicketChange } from '../hooks/ticket-hooks.js';
import type { StoredChange } from '../model/ticket-event.entity.js';
import type { Ticket } from '../model/ticket.entity.js';
import { EntryVisibility, type TicketEventType } from '../model/ticket.enums.js';
import { isOpen, TicketStatus } from '../model/ticket-status.js';
import type { TicketRow } from './ticket-row.js';

// The one history entry of an action, and the status it leads to (docs/lifecycle.md, "History").

/** The history entry an action writes (exactly one, or none for watch/unwatch). */
export interface EntryDraft {
  type: TicketEventType;
  message?: string | null;
  visibility?: EntryVisibility;
  changes?: StoredChange[];
  silent?: boolean;
}

/**
 * Applies the status and writes the one entry of an action (status before/after, message, changes)
 * with the ticket columns the action changed, in one statement: the entry, then the row's optimistic
 * version check and bump. The search document follows the entry by trigger (ticket_search).
 */
export async function record(
  row: TicketRow,
  from: TicketStatus | null,
  to: TicketStatus,
  draft: EntryDraft,
  actorId: number | null,
  via: string | null = null,
): Promise<TicketChange> {
  const { transaction, ticket } = row;
  const now = new Date();
  setStatus(ticket, to, now);
  ticket.lastActivityAt = now;
  const visibility = draft.visibility ?? EntryVisibility.PARTICIPANTS;
  const silent = draft.silent ?? false;
  const changed = row.changed();
  const rows = await transaction.execute<{ version: number; event_id: string }>(
    `with entry as (
       insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent, via)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id)
     update ticket set ${changed.map(([column]) => `${column} = ?, `).join('')}updated_at = ?, version = version + 1
     where id = ? and version = ? returning version, (select id from entry) as event_id`,
    [
      ticket.id,
      draft.type,
      now.toISOString(),
      actorId,
      from,
      to,
      draft.message ?? null,
      visibility,
      JSON.stringify(draft.changes ?? []),
      silent,
      via,
      ...changed.map(([, value]) => value),
      now.toISOString(),
      ticket.id,
      ticket.version,
    ],
  );
  // The row is locked, so only a write outside the runner can have moved the version: the action lost.
  const written = rows.at(0);
  if (!written) throw new ConflictError();
  row.wrote(written.version, now);
  return {
    ticketId: ticket.id,
    eventId: written.event_id,
    type: draft.type,
    actorId,
    statusBefore: from,
    statusAfter: to,
    departmentId: ticket.department.id,
    silent,
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
