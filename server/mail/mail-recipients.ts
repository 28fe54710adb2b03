import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { canSeeEntry, ticketReadLevel, type TicketFacts } from '../policies/ticket.policy.js';
import { AlertPreference, type MemberRole } from '../model/catalogue.enums.js';
import { type EntryVisibility, TicketEventType, type TicketVisibility } from '../model/ticket.enums.js';
import type { TicketStatus } from '../model/ticket-status.js';
import { User } from '../model/user.entity.js';
import { languageOf, type Language } from '../shared/languages.js';

/**
 * Who gets a mail about one history entry (docs/domain.md, "Notifications"): the matrix picks the
 * candidates, then each is judged as the API would judge them — the ticket read in full and the entry
 * readable (policies/ticket.policy.ts, the same rules as the view and history) — and left out when
 * they wrote the entry or turned that kind of mail off. Staff are asked by their alert preference.
 */

/** The entry and its ticket, as the fan-out reads them (mail.service.ts, one statement). */
export interface EventFacts {
  eventId: string;
  type: TicketEventType;
  message: string | null;
  visibility: EntryVisibility;
  actorId: number | null;
  actorName: string | null;
  ticketId: number;
  subject: string;
  status: TicketStatus;
  ownerId: number;
  creatorId: number;
  managerId: number | null;
  departmentId: number;
  categoryId: number;
  ticketVisibility: TicketVisibility;
  confidential: boolean;
  /** The category's alert address, else the department's. */
  alertEmail: string | null;
}

/** The people around the ticket. */
export interface TicketCircle {
  invitations: { userId: number; invitedById: number }[];
  watcherIds: number[];
  members: { userId: number; alert: AlertPreference; categoryIds: number[] }[];
  /** The invitee of an INVITED entry (the newest invitation). */
  newestInviteeId: number | null;
}

/** A person who may get the mail, with what the judgement needs. */
export interface Candidate {
  id: number;
  displayName: string;
  email: string | null;
  locale: string;
  isAdmin: boolean;
  mutedEvents: string[];
  memberships: Map<number, MemberRole>;
}

/** One recipient: a person (judged) or an alert address (the department's own mailbox). */
export interface Recipient {
  userId: number | null;
  name: string;
  address: string | null;
  lang: Language;
}

const STATUS_NEWS = new Set([
  TicketEventType.CANCELLED,
  TicketEventType.REFUSED,
  TicketEventType.REOPENED,
  TicketEventType.MOVED,
  TicketEventType.POSTPONED,
  TicketEventType.RECALLED,
  TicketEventType.EXPIRED,
]);
const MESSAGES = new Set([TicketEventType.COMMENTED, TicketEventType.INFORMATION_GIVEN, TicketEventType.FILES_ATTACHED]);

/** The entry types that mail anyone at all: the others (freed, updated, …) send nothing and queue nothing. */
export const MAILED_TYPES: ReadonlySet<TicketEventType> = new Set([
  TicketEventType.CREATED,
  TicketEventType.TAKEN,
  TicketEventType.ASSIGNED,
  TicketEventType.INFORMATION_REQUESTED,
  TicketEventType.CLOSURE_REQUESTED,
  TicketEventType.CLOSURE_APPROVED,
  TicketEventType.CLOSURE_REFUSED,
  TicketEventType.CLOSED_BY_OWNER,
  TicketEventType.INVITED,
  TicketEventType.REMINDED,
  ...STATUS_NEWS,
  ...MESSAGES,
]);

/** The matrix: who is asked about an entry of this type (before any judgement). */
export function candidateIds(facts: EventFacts, circle: TicketCircle): Set<number> {
  const ids = new Set<number>();
  const add = (...more: (number | null)[]): void => more.forEach((id) => id !== null && ids.add(id));
  const invitees = circle.invitations.map((i) => i.userId);
  const alerted = circle.members
    .filter(
      (m) => m.alert === AlertPreference.ALL || (m.alert === AlertPreference.MY_CATEGORIES && m.categoryIds.includes(facts.categoryId)),
    )
    .map((m) => m.userId);
  const type = facts.type;
  if (type === TicketEventType.CREATED) add(facts.ownerId, facts.creatorId, ...alerted);
  else if (type === TicketEventType.TAKEN || type === TicketEventType.ASSIGNED) add(facts.ownerId, facts.managerId);
  else if (type === TicketEventType.INFORMATION_REQUESTED || type === TicketEventType.CLOSURE_REQUESTED) add(facts.ownerId, ...invitees);
  else if (MESSAGES.has(type))
    add(facts.ownerId, ...invitees, ...circle.watcherIds, ...(facts.managerId !== null ? [facts.managerId] : alerted));
  else if (
    type === TicketEventType.CLOSURE_APPROVED ||
    type === TicketEventType.CLOSURE_REFUSED ||
    type === TicketEventType.CLOSED_BY_OWNER
  )
    add(facts.managerId);
  else if (STATUS_NEWS.has(type)) add(facts.ownerId, facts.managerId, ...circle.watcherIds);
  else if (type === TicketEventType.INVITED) add(circle.newestInviteeId);
  else if (type === TicketEventType.REMINDED) add(facts.ownerId);
  return ids;
}

/**
 * Judges each candidate: never the author, only who reads the ticket in full and this entry, only who
 * wants this kind of mail. The department's alert address gets the new tickets, as its staff read them.
 */
export function judgeRecipients(em: EntityManager, facts: EventFacts, circle: TicketCircle, candidates: readonly Candidate[]): Recipient[] {
  const ticket: TicketFacts = {
    ownerId: facts.ownerId,
    creatorId: facts.creatorId,
    managerId: facts.managerId,
    departmentId: facts.departmentId,
    visibility: facts.ticketVisibility,
    confidential: facts.confidential,
    inviteeIds: circle.invitations.map((i) => i.userId),
    inviterIds: circle.invitations.map((i) => i.invitedById),
  };
  const entry = { visibility: facts.visibility, authorId: facts.actorId };
  const recipients: Recipient[] = [];
  for (const c of candidates) {
    // Never the author — except the owner's receipt for the ticket they filed themselves.
    const receipt = facts.type === TicketEventType.CREATED && c.id === facts.ownerId;
    if ((c.id === facts.actorId && !receipt) || c.mutedEvents.includes(facts.type)) continue;
    // The viewer the API would build for them: a reference to the user (never loaded), their memberships.
    const viewer: Viewer = { user: em.getReference(User, c.id), userId: c.id, isAdmin: c.isAdmin, memberships: c.memberships };
    if (ticketReadLevel(viewer, ticket) !== 'FULL' || !canSeeEntry(viewer, ticket, entry)) continue;
    recipients.push({ userId: c.id, name: c.displayName, address: c.email, lang: languageOf(c.locale) });
  }
  if (facts.type === TicketEventType.CREATED && facts.alertEmail) {
    recipients.push({ userId: null, name: '', address: facts.alertEmail, lang: 'fr' });
  }
  return recipients;
}
