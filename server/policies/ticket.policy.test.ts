import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { MemberRole } from '../model/catalogue.enums.js';
import { EntryVisibility, TicketVisibility } from '../model/ticket.enums.js';
import { Relation } from '../model/ticket-status.js';
import { User } from '../model/user.entity.js';
import type { Viewer } from '../auth/viewer.js';
import {
  canSeeEntry,
  isStaff,
  isSupervisor,
  relationsTo,
  ticketReadLevel,
  visibleEntryKinds,
  type ReadLevel,
  type TicketFacts,
} from './ticket.policy.js';

// Hand-built cast: every expectation below is transcribed from docs/domain.md "Who may read what",
// not derived from the module under test.
const DEPT = 10;
const OTHER_DEPT = 20;
const ID = { owner: 1, creator: 2, invitee: 3, member: 4, otherMember: 5, admin: 6, stranger: 7, supervisor: 8, manager: 9 } as const;
type Who = keyof typeof ID;

function viewer(who: Who): Viewer {
  const memberships = new Map<number, MemberRole>();
  if (who === 'member' || who === 'manager') memberships.set(DEPT, MemberRole.MANAGER);
  if (who === 'supervisor') memberships.set(DEPT, MemberRole.SUPERVISOR);
  if (who === 'otherMember') memberships.set(OTHER_DEPT, MemberRole.SUPERVISOR);
  const user = Object.assign(new User(), { id: ID[who], uid: who, displayName: who });
  return { user, userId: user.id, isAdmin: who === 'admin', memberships };
}

function facts(visibility: TicketVisibility, extra: Partial<TicketFacts> = {}): TicketFacts {
  return {
    ownerId: ID.owner,
    creatorId: ID.creator,
    managerId: ID.manager,
    departmentId: DEPT,
    visibility,
    confidential: false,
    inviteeIds: [ID.invitee],
    inviterIds: [ID.owner],
    ...extra,
  };
}

const { PRIVATE, PUBLIC, SUBJECT_ONLY } = TicketVisibility;
const { EVERYONE, PARTICIPANTS, OWNER, INVITEES, STAFF } = EntryVisibility;
const WHO: Who[] = ['owner', 'creator', 'invitee', 'member', 'manager', 'supervisor', 'otherMember', 'admin', 'stranger'];

describe('ticketReadLevel', () => {
  // Rows: viewer; columns: PRIVATE, PUBLIC, SUBJECT_ONLY (ordinary department).
  const ORDINARY: Record<Who, [ReadLevel, ReadLevel, ReadLevel]> = {
    owner: ['FULL', 'FULL', 'FULL'],
    creator: ['FULL', 'FULL', 'FULL'],
    invitee: ['FULL', 'FULL', 'FULL'],
    member: ['FULL', 'FULL', 'FULL'],
    manager: ['FULL', 'FULL', 'FULL'],
    supervisor: ['FULL', 'FULL', 'FULL'],
    otherMember: ['NONE', 'FULL', 'SUBJECT'],
    admin: ['FULL', 'FULL', 'FULL'],
    stranger: ['NONE', 'FULL', 'SUBJECT'],
  };
  // A confidential department: its members, the owner and invitees only, whatever the visibility.
  // Admins manage everything (docs/domain.md, "People and roles"), so they keep full access.
  const CONFIDENTIAL: Record<Who, [ReadLevel, ReadLevel, ReadLevel]> = {
    owner: ['FULL', 'FULL', 'FULL'],
    creator: ['NONE', 'NONE', 'NONE'],
    invitee: ['FULL', 'FULL', 'FULL'],
    member: ['FULL', 'FULL', 'FULL'],
    manager: ['FULL', 'FULL', 'FULL'],
    supervisor: ['FULL', 'FULL', 'FULL'],
    otherMember: ['NONE', 'NONE', 'NONE'],
    admin: ['FULL', 'FULL', 'FULL'],
    stranger: ['NONE', 'NONE', 'NONE'],
  };
  const VIS = [PRIVATE, PUBLIC, SUBJECT_ONLY] as const;

  for (const who of WHO) {
    VIS.forEach((visibility, col) => {
      it(`should give the ${who} ${ORDINARY[who][col]} on a ${visibility} ticket`, () => {
        expect(ticketReadLevel(viewer(who), facts(visibility))).toBe(ORDINARY[who][col]);
      });
      it(`should give the ${who} ${CONFIDENTIAL[who][col]} on a ${visibility} ticket of a confidential department`, () => {
        expect(ticketReadLevel(viewer(who), facts(visibility, { confidential: true }))).toBe(CONFIDENTIAL[who][col]);
      });
    });
  }

  it("should give a creator who is also the owner FULL on a confidential department's ticket", () => {
    expect(ticketReadLevel(viewer('creator'), facts(PRIVATE, { confidential: true, ownerId: ID.creator }))).toBe('FULL');
  });

  it('should give nothing to a former invitee once removed from the list', () => {
    expect(ticketReadLevel(viewer('invitee'), facts(PRIVATE, { inviteeIds: [] }))).toBe('NONE');
  });

  it('should give nothing to a ticket manager who is no longer a member of the department', () => {
    // "manager" is still the ticket's managerId but loses the membership: a private ticket is gone.
    const v = { ...viewer('manager'), memberships: new Map<number, MemberRole>() };
    expect(ticketReadLevel(v, facts(PRIVATE))).toBe('NONE');
  });
});

describe('relationsTo', () => {
  const t = facts(PRIVATE);
  const cases: [Who, Relation[]][] = [
    ['owner', [Relation.OWNER]],
    ['invitee', [Relation.INVITEE]],
    ['member', [Relation.MEMBER]],
    ['manager', [Relation.MEMBER, Relation.TICKET_MANAGER]],
    ['supervisor', [Relation.MEMBER, Relation.SUPERVISOR]],
    ['admin', [Relation.ADMIN]],
    ['otherMember', [Relation.STRANGER]],
    ['stranger', [Relation.STRANGER]],
    // The creator has no power of its own in the transition table.
    ['creator', [Relation.STRANGER]],
  ];
  for (const [who, expected] of cases) {
    it(`should relate the ${who} as ${expected.join(' + ')}`, () => {
      expect([...relationsTo(viewer(who), t)].sort()).toEqual([...expected].sort());
    });
  }

  it('should add MEMBER to an owner who is also a member of the department', () => {
    const v = viewer('member');
    expect([...relationsTo(v, facts(PRIVATE, { ownerId: ID.member }))].sort()).toEqual([Relation.MEMBER, Relation.OWNER].sort());
  });

  it('should not make a non-member the ticket manager even when managerId names them', () => {
    expect([...relationsTo(viewer('stranger'), facts(PRIVATE, { managerId: ID.stranger }))]).toEqual([Relation.STRANGER]);
  });

  it('should never give a supervisor of another department SUPERVISOR on this ticket', () => {
    expect(relationsTo(viewer('otherMember'), t).has(Relation.SUPERVISOR)).toBe(false);
  });
});

describe('isStaff and isSupervisor', () => {
  it('should count members and admins as staff, not others', () => {
    expect(WHO.filter((w) => isStaff(viewer(w), DEPT)).sort()).toEqual(['admin', 'manager', 'member', 'supervisor']);
  });
  it('should count only supervisors of this department and admins as supervisors', () => {
    expect(WHO.filter((w) => isSupervisor(viewer(w), DEPT)).sort()).toEqual(['admin', 'supervisor']);
  });
});

describe('canSeeEntry', () => {
  const ALL = [EVERYONE, PARTICIPANTS, OWNER, INVITEES, STAFF] as const;
  const visible = (who: Who, t: TicketFacts, authorId: number | null = ID.manager): EntryVisibility[] =>
    ALL.filter((visibility) => canSeeEntry(viewer(who), t, { visibility, authorId }));

  it('should show the owner EVERYONE, PARTICIPANTS and OWNER entries, not INVITEES nor STAFF', () => {
    expect(visible('owner', facts(PRIVATE))).toEqual([EVERYONE, PARTICIPANTS, OWNER]);
  });
  it('should show an invitee EVERYONE, PARTICIPANTS and INVITEES entries, not OWNER nor STAFF', () => {
    expect(visible('invitee', facts(PRIVATE))).toEqual([EVERYONE, PARTICIPANTS, INVITEES]);
  });
  for (const who of ['member', 'manager', 'supervisor', 'admin'] as const) {
    it(`should show the ${who} (staff) every entry, internal notes included`, () => {
      expect(visible(who, facts(PRIVATE))).toEqual([...ALL]);
    });
  }
  it('should show a stranger on a PUBLIC ticket only EVERYONE entries', () => {
    expect(visible('stranger', facts(PUBLIC))).toEqual([EVERYONE]);
  });
  it('should show a member of another department on a PUBLIC ticket only EVERYONE entries', () => {
    expect(visible('otherMember', facts(PUBLIC))).toEqual([EVERYONE]);
  });
  it('should show the author their own entry whatever its visibility', () => {
    for (const who of ['owner', 'invitee', 'stranger', 'otherMember'] as const) {
      expect(visible(who, facts(PUBLIC), ID[who])).toEqual([...ALL]);
    }
  });
  it("should not treat a scheduler entry (no author) as anyone's own", () => {
    expect(canSeeEntry(viewer('owner'), facts(PRIVATE), { visibility: STAFF, authorId: null })).toBe(false);
  });
  it('should hide OWNER entries from an invitee, even on a PUBLIC ticket', () => {
    expect(canSeeEntry(viewer('invitee'), facts(PUBLIC), { visibility: OWNER, authorId: ID.owner })).toBe(false);
  });
});

describe('visibleEntryKinds', () => {
  it('should give the owner EVERYONE, PARTICIPANTS, OWNER', () => {
    expect(visibleEntryKinds(viewer('owner'), facts(PRIVATE))).toEqual([EVERYONE, PARTICIPANTS, OWNER]);
  });
  it('should give an invitee EVERYONE, PARTICIPANTS, INVITEES', () => {
    expect(visibleEntryKinds(viewer('invitee'), facts(PRIVATE))).toEqual([EVERYONE, PARTICIPANTS, INVITEES]);
  });
  it('should give a stranger only EVERYONE', () => {
    expect(visibleEntryKinds(viewer('stranger'), facts(PUBLIC))).toEqual([EVERYONE]);
  });
  it('should treat the creator like the owner (they filed it for them)', () => {
    expect(visibleEntryKinds(viewer('creator'), facts(PRIVATE))).toEqual([EVERYONE, PARTICIPANTS, OWNER]);
  });
  it('should never list STAFF, whatever the relations of a non-staff viewer', () => {
    const everything = facts(PRIVATE, { ownerId: ID.stranger, creatorId: ID.stranger, inviteeIds: [ID.stranger] });
    expect(visibleEntryKinds(viewer('stranger'), everything)).not.toContain(STAFF);
    expect(visibleEntryKinds(viewer('stranger'), everything)).toEqual([EVERYONE, PARTICIPANTS, OWNER, INVITEES]);
  });
});
