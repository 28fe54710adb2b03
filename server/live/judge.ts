import type { Viewer } from '../auth/viewer.js';
import { anyOf } from '../policies/clause.js';
import { CREATOR, INVITEE, MEMBER, OWNER, WATCHER, type WatchFacts } from '../policies/read-rules.js';
import { canSeeEntry, ticketReadLevel, type TicketFacts } from '../policies/ticket.policy.js';
import type { EntryVisibility } from '../model/ticket.enums.js';
import type { TicketStatus } from '../model/ticket-status.js';

/**
 * What one subscription listens to. `status`: ticketStatusChanged (a ticket, a department, or —
 * with neither — every ticket the subscriber is involved in); `updated`: ticketUpdated (one ticket).
 */
export interface LiveFilter {
  kind: 'status' | 'updated';
  ticketId: number | null;
  departmentId: number | null;
}

/** The history entry an event is about, as the judgement reads it. */
export interface EntryFacts {
  ticketId: number;
  statusBefore: TicketStatus | null;
  statusAfter: TicketStatus;
  visibility: EntryVisibility;
  authorId: number | null;
}

/**
 * How much of an event a subscriber receives: the change with its history entry; the status change
 * alone (the entry's author, message and files withheld); or nothing.
 */
export type Reach = 'ENTRY' | 'STATUS' | null;

/**
 * Whether (and how much of) one event reaches one subscriber, from facts loaded once for all of
 * them: the read rules of policies/ (ticketReadLevel, canSeeEntry), applied at each event, so a
 * subscriber who lost access (invitation removed, ticket moved to a confidential department)
 * receives nothing more, and an entry they may not see (an internal note) never reaches them. A
 * status they may read (subject-only readers included) still reaches them when it changes.
 */
export function reach(viewer: Viewer, filter: LiveFilter, entry: EntryFacts, facts: TicketFacts, watcherIds: ReadonlySet<number>): Reach {
  if (!listensTo(viewer, filter, entry.ticketId, facts, watcherIds)) return null;
  const statusChanged = entry.statusBefore !== entry.statusAfter;
  if (filter.kind === 'status' && !statusChanged) return null;
  const level = ticketReadLevel(viewer, facts);
  if (level === 'NONE') return null;
  if (level === 'FULL' && canSeeEntry(viewer, facts, { visibility: entry.visibility, authorId: entry.authorId })) return 'ENTRY';
  return statusChanged ? 'STATUS' : null;
}

/** Whether the event's ticket is one the subscription is about (reading rights are judged apart). */
function listensTo(viewer: Viewer, filter: LiveFilter, ticketId: number, facts: TicketFacts, watcherIds: ReadonlySet<number>): boolean {
  if (filter.ticketId !== null && filter.ticketId !== ticketId) return false;
  if (filter.departmentId !== null && filter.departmentId !== facts.departmentId) return false;
  return filter.ticketId !== null || filter.departmentId !== null || isInvolved(viewer, facts, watcherIds);
}

/**
 * "Own, invited, watched tickets and, for staff, their departments' queues" (issue 10): the tickets
 * a subscription without a ticket or department listens to, judged here and rendered as SQL by the
 * catch-up (missed-changes.ts) from this one clause.
 */
export const INVOLVED = anyOf<TicketFacts & WatchFacts>(OWNER, CREATOR, INVITEE, WATCHER, MEMBER);

/** Whether the viewer is in the ticket's circle (INVOLVED). */
export function isInvolved(viewer: Viewer, facts: TicketFacts, watcherIds: ReadonlySet<number>): boolean {
  return INVOLVED.holds(viewer, { ...facts, watcherIds });
}
