import { EntryVisibility, TicketVisibility } from '../ticket/ticket.enums.js';
import { Relation } from '../ticket/ticket-status.js';
import type { Viewer } from '../auth/viewer.js';
import { MemberRole } from '../catalogue/catalogue.enums.js';

/** The facts about a ticket that decide who may read or act on it (no ORM types: cheap to test). */
export interface TicketFacts {
  ownerId: number;
  creatorId: number;
  managerId: number | null;
  departmentId: number;
  visibility: TicketVisibility;
  confidential: boolean;
  inviteeIds: readonly number[];
  /** Who invited each current invitee: they may remove those invitations. */
  inviterIds: readonly number[];
}

/** FULL: everything the entry rules allow; SUBJECT: number, subject and status only; NONE: it does not exist. */
export type ReadLevel = 'FULL' | 'SUBJECT' | 'NONE';

/** Staff of a department: its members, and admins everywhere. */
export function isStaff(viewer: Viewer, departmentId: number): boolean {
  return viewer.isAdmin || viewer.memberships.has(departmentId);
}

/** Runs the department: its supervisors, and admins everywhere. */
export function isSupervisor(viewer: Viewer, departmentId: number): boolean {
  return viewer.isAdmin || viewer.memberships.get(departmentId) === MemberRole.SUPERVISOR;
}

/** How much of a ticket the viewer may read (docs/domain.md, "Who may read what"). */
export function ticketReadLevel(viewer: Viewer, t: TicketFacts): ReadLevel {
  const me = viewer.userId;
  if (isStaff(viewer, t.departmentId) || t.ownerId === me || t.inviteeIds.includes(me)) return 'FULL';
  // A confidential department shows its tickets to its own members, the owner and invitees only.
  if (t.confidential) return 'NONE';
  if (t.creatorId === me || t.visibility === TicketVisibility.PUBLIC) return 'FULL';
  return t.visibility === TicketVisibility.SUBJECT_ONLY ? 'SUBJECT' : 'NONE';
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
  const me = viewer.userId;
  const relations = new Set<Relation>();
  if (t.ownerId === me) relations.add(Relation.OWNER);
  if (t.inviteeIds.includes(me)) relations.add(Relation.INVITEE);
  if (viewer.memberships.has(t.departmentId)) relations.add(Relation.MEMBER);
  if (t.managerId === me && viewer.memberships.has(t.departmentId)) relations.add(Relation.TICKET_MANAGER);
  if (viewer.memberships.get(t.departmentId) === MemberRole.SUPERVISOR) relations.add(Relation.SUPERVISOR);
  if (viewer.isAdmin) relations.add(Relation.ADMIN);
  if (relations.size === 0) relations.add(Relation.STRANGER);
  return relations;
}

/** Whether the viewer may see one history entry or file of a ticket they can read in full. */
export function canSeeEntry(viewer: Viewer, t: TicketFacts, entry: { visibility: EntryVisibility; authorId: number | null }): boolean {
  if (entry.authorId === viewer.userId || isStaff(viewer, t.departmentId)) return true;
  return visibleEntryKinds(viewer, t).includes(entry.visibility);
}

/** The entry visibilities a non-staff viewer may read (staff read all), also for SQL filters. */
export function visibleEntryKinds(viewer: Viewer, t: Pick<TicketFacts, 'ownerId' | 'creatorId' | 'inviteeIds'>): EntryVisibility[] {
  const me = viewer.userId;
  const kinds = [EntryVisibility.EVERYONE];
  const owner = t.ownerId === me || t.creatorId === me;
  const invitee = t.inviteeIds.includes(me);
  if (owner || invitee) kinds.push(EntryVisibility.PARTICIPANTS);
  if (owner) kinds.push(EntryVisibility.OWNER);
  if (invitee) kinds.push(EntryVisibility.INVITEES);
  return kinds;
}

/**
 * The same read rule as ticketReadLevel (FULL or SUBJECT), as SQL over `t` (ticket) and `d`
 * (its department), so lists, counts and search never show what `ticket(id)` would hide.
 */
export function readableTicketsSql(viewer: Viewer): { sql: string; params: unknown[] } {
  if (viewer.isAdmin) return { sql: 'true', params: [] };
  const me = viewer.userId;
  const departments = [...viewer.memberships.keys()];
  return {
    sql: `(t.owner_id = ? or t.department_id = any(?::int[])
      or exists (select 1 from invitation i where i.ticket_id = t.id and i.user_id = ?)
      or (not d.confidential and (t.creator_id = ? or t.visibility <> 'PRIVATE')))`,
    params: [me, `{${departments.join(',')}}`, me, me],
  };
}

/** The queue of the departments the viewer works for, as SQL over `t`: members their departments, admins every one. */
export function departmentQueueSql(viewer: Viewer): { sql: string; params: unknown[] } {
  if (viewer.isAdmin) return { sql: 'true', params: [] };
  return { sql: 't.department_id = any(?::int[])', params: [`{${[...viewer.memberships.keys()].join(',')}}`] };
}
