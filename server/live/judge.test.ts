import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.js';
import { MemberRole } from '../model/catalogue.enums.js';
import type { TicketFacts } from '../policies/ticket.policy.js';
import { EntryVisibility, TicketVisibility } from '../model/ticket.enums.js';
import { TicketStatus } from '../model/ticket-status.js';
import { User } from '../model/user.entity.js';
import { reach, type EntryFacts, type LiveFilter, type Reach } from './judge.js';

// Hand-built cast; every expectation is transcribed from issue 10 and docs/domain.md ("Who may read
// what", "Live updates"), not derived from the module under test.
const TICKET = 100;
const DEPT = 10;
const OTHER_DEPT = 20;
const ID = { owner: 1, invitee: 3, member: 4, otherMember: 5, admin: 6, stranger: 7, watcher: 8 } as const;
type Who = keyof typeof ID;

function viewer(who: Who): Viewer {
  const memberships = new Map<number, MemberRole>();
  if (who === 'member') memberships.set(DEPT, MemberRole.MANAGER);
  if (who === 'otherMember') memberships.set(OTHER_DEPT, MemberRole.SUPERVISOR);
  const user = Object.assign(new User(), { id: ID[who], uid: who, displayName: who });
  return { user, userId: user.id, isAdmin: who === 'admin', memberships };
}

function facts(extra: Partial<TicketFacts> = {}): TicketFacts {
  return {
    ownerId: ID.owner,
    creatorId: ID.owner,
    managerId: ID.member,
    departmentId: DEPT,
    visibility: TicketVisibility.PRIVATE,
    confidential: false,
    inviteeIds: [ID.invitee],
    inviterIds: [ID.owner],
    ...extra,
  };
}

const taken: EntryFacts = {
  ticketId: TICKET,
  statusBefore: TicketStatus.FREE,
  statusAfter: TicketStatus.IN_PROGRESS,
  visibility: EntryVisibility.PARTICIPANTS,
  authorId: ID.member,
};
const everyone: EntryFacts = { ...taken, visibility: EntryVisibility.EVERYONE };
const comment = (visibility: EntryVisibility): EntryFacts => ({ ...taken, statusBefore: TicketStatus.IN_PROGRESS, visibility });
const watchers = new Set<number>([ID.watcher]);

const status = (ticketId: number | null, departmentId: number | null = null): LiveFilter => ({ kind: 'status', ticketId, departmentId });
const updated: LiveFilter = { kind: 'updated', ticketId: TICKET, departmentId: null };

describe('reach: who receives a live event, and how much of it', () => {
  const cases: [string, Who, LiveFilter, EntryFacts, Partial<TicketFacts>, Reach][] = [
    // ticketStatusChanged without arguments: own, invited, watched, and the viewer's departments.
    ['the owner, no filter', 'owner', status(null), taken, {}, 'ENTRY'],
    ['an invitee, no filter', 'invitee', status(null), taken, {}, 'ENTRY'],
    ['a member of the department, no filter', 'member', status(null), taken, {}, 'ENTRY'],
    [
      'a watcher of a PUBLIC ticket, no filter: an entry for EVERYONE',
      'watcher',
      status(null),
      everyone,
      { visibility: TicketVisibility.PUBLIC },
      'ENTRY',
    ],
    [
      'a watcher of a PUBLIC ticket, no filter: an entry for PARTICIPANTS',
      'watcher',
      status(null),
      taken,
      { visibility: TicketVisibility.PUBLIC },
      'STATUS',
    ],
    [
      'a stranger, no filter, even on a PUBLIC ticket (not involved)',
      'stranger',
      status(null),
      taken,
      { visibility: TicketVisibility.PUBLIC },
      null,
    ],
    ['an admin, no filter (not a member: not their queue)', 'admin', status(null), taken, {}, null],
    ['a member of another department, no filter', 'otherMember', status(null), taken, {}, null],
    // One ticket or one department: whoever may read it.
    ['a stranger on that PRIVATE ticket', 'stranger', status(TICKET), taken, {}, null],
    [
      'a stranger on that PUBLIC ticket: an entry for PARTICIPANTS',
      'stranger',
      status(TICKET),
      taken,
      { visibility: TicketVisibility.PUBLIC },
      'STATUS',
    ],
    [
      'a stranger on that PUBLIC ticket: an entry for EVERYONE',
      'stranger',
      status(TICKET),
      everyone,
      { visibility: TicketVisibility.PUBLIC },
      'ENTRY',
    ],
    [
      'a stranger on that SUBJECT_ONLY ticket: the status only',
      'stranger',
      status(TICKET),
      everyone,
      { visibility: TicketVisibility.SUBJECT_ONLY },
      'STATUS',
    ],
    ['an admin on that ticket', 'admin', status(TICKET), taken, {}, 'ENTRY'],
    ['the owner, on another ticket', 'owner', status(TICKET + 1), taken, {}, null],
    ['a member on their department', 'member', status(null, DEPT), taken, {}, 'ENTRY'],
    ['a member, subscribed to another department', 'member', status(null, OTHER_DEPT), taken, {}, null],
    ['a stranger on the department: PRIVATE tickets stay hidden', 'stranger', status(null, DEPT), taken, {}, null],
    [
      'a stranger on the department: a PUBLIC ticket',
      'stranger',
      status(null, DEPT),
      everyone,
      { visibility: TicketVisibility.PUBLIC },
      'ENTRY',
    ],
    ['ticket and department both given, and both match', 'member', status(TICKET, DEPT), taken, {}, 'ENTRY'],
    ['ticket and department both given, the department does not match', 'member', status(TICKET, OTHER_DEPT), taken, {}, null],
    // Lost access: judged on the facts of the moment.
    ['an invitee whose invitation was removed', 'invitee', status(TICKET), taken, { inviteeIds: [] }, null],
    [
      'a stranger once the PUBLIC ticket moved to a confidential department',
      'stranger',
      status(TICKET),
      taken,
      { visibility: TicketVisibility.PUBLIC, confidential: true },
      null,
    ],
    [
      'the owner once the ticket moved to a confidential department (still theirs)',
      'owner',
      status(TICKET),
      taken,
      { confidential: true },
      'ENTRY',
    ],
    // Status changes only on ticketStatusChanged; entries by their visibility.
    [
      'the owner, a comment on ticketStatusChanged (no status change)',
      'owner',
      status(TICKET),
      comment(EntryVisibility.EVERYONE),
      {},
      null,
    ],
    ['the owner, a comment on ticketUpdated', 'owner', updated, comment(EntryVisibility.PARTICIPANTS), {}, 'ENTRY'],
    ['the owner, an internal note (STAFF)', 'owner', updated, comment(EntryVisibility.STAFF), {}, null],
    ['an invitee, an entry for the owner only', 'invitee', updated, comment(EntryVisibility.OWNER), {}, null],
    ['a member, an internal note', 'member', updated, comment(EntryVisibility.STAFF), {}, 'ENTRY'],
    [
      'the owner, a status change recorded as an internal note: the status, not the note',
      'owner',
      status(TICKET),
      { ...taken, visibility: EntryVisibility.STAFF },
      {},
      'STATUS',
    ],
    [
      'a subject-only reader, a comment (no status change)',
      'stranger',
      updated,
      comment(EntryVisibility.EVERYONE),
      { visibility: TicketVisibility.SUBJECT_ONLY },
      null,
    ],
    [
      'a subject-only reader, a status change on ticketUpdated',
      'stranger',
      updated,
      taken,
      { visibility: TicketVisibility.SUBJECT_ONLY },
      'STATUS',
    ],
    [
      'a new ticket (no status before) counts as a status change',
      'member',
      status(null, DEPT),
      { ...taken, statusBefore: null, statusAfter: TicketStatus.FREE },
      {},
      'ENTRY',
    ],
  ];
  for (const [label, who, filter, entry, extra, expected] of cases) {
    it(`should answer ${String(expected)} for ${label}`, () => {
      expect(reach(viewer(who), filter, entry, facts(extra), watchers)).toBe(expected);
    });
  }
});
