import { EntryVisibility } from '../model/ticket.enums.js';
import { perObject } from '../shared/per-object.js';
import { Relation } from '../model/ticket-status.js';
import type { Viewer } from '../auth/viewer.js';
import { MemberRole } from '../model/catalogue.enums.js';
import { asSql, toSql, type Sql } from './clause.js';
import {
  ADMIN,
  AUTHOR,
  ENTRY_READERS,
  INVITEE,
  levelOf,
  levelSql,
  MEMBER,
  OWNER,
  STAFF,
  type EntryFacts,
  type ReadLevel,
  type TicketFacts,
} from './read-rules.js';

/** The facts and levels the rules read, defined with them (policies/read-rules.ts). */
export type { EntryFacts, ReadLevel, TicketFacts } from './read-rules.js';

/** Staff of a department: its members, and admins everywhere. */
export function isStaff(viewer: Viewer, departmentId: number): boolean {
  return STAFF.holds(viewer, { departmentId });
}

/** Runs the department: its supervisors, and admins everywhere. */
export function isSupervisor(viewer: Viewer, departmentId: number): boolean {
  return viewer.isAdmin || viewer.memberships.get(departmentId) === MemberRole.SUPERVISOR;
}

/** How much of a ticket the viewer may read: the first row of TICKET_READ that holds (policies/read-rules.ts). */
export function ticketReadLevel(viewer: Viewer, t: TicketFacts): ReadLevel {
  return levelOf(viewer, t);
}

/**
 * Whether the viewer reads a ticket's details: a SUBJECT reader gets only its number, subject,
 * status and creation date (and their own watching and allowed actions), nothing else.
 */
export function mayReadDetails(level: ReadLevel): boolean {
  return level === 'FULL';
}

/** Time spent, origin, watchers and the owner's other tickets are for the department's staff (and admins). */
export function mayReadStaffFields(viewer: Viewer, departmentId: number): boolean {
  return isStaff(viewer, departmentId);
}

/** The viewer's relations to a ticket, as the transition table knows them. */
export function relationsTo(viewer: Viewer, t: TicketFacts): Set<Relation> {
  const relations = new Set<Relation>();
  const member = MEMBER.holds(viewer, t);
  if (OWNER.holds(viewer, t)) relations.add(Relation.OWNER);
  if (INVITEE.holds(viewer, t)) relations.add(Relation.INVITEE);
  if (member) relations.add(Relation.MEMBER);
  if (member && t.managerId === viewer.userId) relations.add(Relation.TICKET_MANAGER);
  if (viewer.memberships.get(t.departmentId) === MemberRole.SUPERVISOR) relations.add(Relation.SUPERVISOR);
  if (ADMIN.holds(viewer, t)) relations.add(Relation.ADMIN);
  if (relations.size === 0) relations.add(Relation.STRANGER);
  return relations;
}

/** Whether the viewer may see one history entry or file of a ticket they can read in full. */
export function canSeeEntry(viewer: Viewer, t: TicketFacts, entry: EntryFacts): boolean {
  return AUTHOR.holds(viewer, entry) || STAFF.holds(viewer, t) || visibleEntryKinds(viewer, t).includes(entry.visibility);
}

/** The entry visibilities a non-staff viewer reads on a ticket (staff read all): ENTRY_READERS, judged. */
export function visibleEntryKinds(viewer: Viewer, t: TicketFacts): EntryVisibility[] {
  return Object.values(EntryVisibility).filter((kind) => ENTRY_READERS[kind].holds(viewer, t));
}

/**
 * The same read rule as ticketReadLevel (FULL or SUBJECT), as SQL over `t` (ticket) and `d`
 * (its department), so lists, counts, search and actions never show what `ticket(id)` would hide.
 */
export const readableTicketsSql: (viewer: Viewer) => Sql = perObject((viewer) => asSql(levelSql(viewer, ['FULL', 'SUBJECT'])));

/** The queue of the departments the viewer works for, as SQL over `t`: members their departments, admins every one. */
export const departmentQueueSql: (viewer: Viewer) => Sql = perObject((viewer) => toSql(STAFF, viewer));
