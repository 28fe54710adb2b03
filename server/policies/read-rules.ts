import type { Viewer } from '../auth/viewer.js';
import { EntryVisibility, TicketVisibility } from '../model/ticket.enums.js';
import { ALWAYS, anyOf, atom, columnIs, joined, NEVER, not, type Clause, type Rendered } from './clause.js';

/**
 * Who may read what (docs/architecture.md, "Read rules"), written once. Each atom below carries its
 * TypeScript judgement beside its SQL over the ticket `t`, its department `d` and an entry `e`; the
 * two tables (TICKET_READ, ENTRY_READERS) are built of atoms only, so the view, lists, counts,
 * search, history, files and live events all judge by the same definition, in TypeScript or in SQL.
 * policies/read-rules.test.ts proves the two agree over generated scenes in a real database.
 */

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

/** What the rules read of a history entry or file. */
export interface EntryFacts {
  visibility: EntryVisibility;
  authorId: number | null;
}

/** FULL: everything the entry rules allow; SUBJECT: number, subject and status only; NONE: it does not exist. */
export type ReadLevel = 'FULL' | 'SUBJECT' | 'NONE';

type Department = Pick<TicketFacts, 'departmentId'>;

/** An id list as one PostgreSQL array parameter. */
const idArray = (ids: Iterable<number>): string => `{${[...ids].join(',')}}`;

/** Admins read and run every department. */
export const ADMIN = atom<unknown>(
  'admin',
  (viewer) => viewer.isAdmin,
  (viewer) => viewer.isAdmin,
);

/** Members of the ticket's department, whatever their role. */
export const MEMBER = atom<Department>(
  'member',
  (viewer, t) => viewer.memberships.has(t.departmentId),
  (viewer) => viewer.memberships.size > 0 && { sql: 't.department_id = any(?::int[])', params: [idArray(viewer.memberships.keys())] },
);

/** Staff of the ticket's department: its members, and admins everywhere. */
export const STAFF: Clause<Department> = anyOf<Department>(ADMIN, MEMBER);

/** The person the ticket is for. */
export const OWNER = atom<TicketFacts>(
  'owner',
  (viewer, t) => t.ownerId === viewer.userId,
  (viewer) => ({ sql: 't.owner_id = ?', params: [viewer.userId] }),
);

/** Whoever filed the ticket (for the owner, or for someone else). */
export const CREATOR = atom<TicketFacts>(
  'creator',
  (viewer, t) => t.creatorId === viewer.userId,
  (viewer) => ({ sql: 't.creator_id = ?', params: [viewer.userId] }),
);

/**
 * Invited to follow the ticket. IN, not a correlated EXISTS: PostgreSQL hashes the viewer's few
 * invitations once per statement instead of probing the invitations of every ticket it judges.
 */
export const INVITEE = atom<TicketFacts>(
  'invitee',
  (viewer, t) => t.inviteeIds.includes(viewer.userId),
  (viewer) => ({ sql: 't.id in (select i.ticket_id from invitation i where i.user_id = ?)', params: [viewer.userId] }),
);

/** The ticket's department is confidential. */
export const CONFIDENTIAL = atom<TicketFacts>(
  'confidential',
  (_viewer, t) => t.confidential,
  () => ({ sql: 'd.confidential', params: [] }),
);

/** The ticket is shown to everyone. */
export const PUBLIC = visibilityIs(TicketVisibility.PUBLIC);
/** Everyone sees the ticket's number, subject and status, nothing more. */
export const SUBJECT_ONLY = visibilityIs(TicketVisibility.SUBJECT_ONLY);

function visibilityIs(visibility: TicketVisibility): Clause<TicketFacts> {
  const holds = (_viewer: Viewer, t: TicketFacts): boolean => t.visibility === visibility;
  return columnIs(visibility.toLowerCase(), holds, 't.visibility', visibility, Object.values(TicketVisibility));
}

/** The owner's side of a ticket, as the entry rules know it: its owner, or whoever filed it. */
export const REQUESTER: Clause<TicketFacts> = anyOf(OWNER, CREATOR);

/** Who watches a ticket: not a read rule, but the same kind of relation (the WATCHING list, live events' circle). */
export interface WatchFacts {
  watcherIds: ReadonlySet<number>;
}

/** Watches the ticket (its live events and the WATCHING list). */
export const WATCHER = atom<WatchFacts>(
  'watcher',
  (viewer, t) => t.watcherIds.has(viewer.userId),
  (viewer) => ({ sql: 't.id in (select w.ticket_id from watcher w where w.user_id = ?)', params: [viewer.userId] }),
);

/** The entry's author, who always reads what they wrote. */
export const AUTHOR = atom<EntryFacts>(
  'author',
  (viewer, e) => e.authorId === viewer.userId,
  (viewer) => ({ sql: 'e.actor_id = ?', params: [viewer.userId] }),
);

/** How much of a ticket a viewer reads: the first row that holds decides; none: NONE. */
export const TICKET_READ: readonly (readonly [Clause<TicketFacts>, ReadLevel])[] = [
  [anyOf<TicketFacts>(STAFF, OWNER, INVITEE), 'FULL'],
  // A confidential department shows its tickets to its own staff, the owner and invitees only.
  [CONFIDENTIAL, 'NONE'],
  [anyOf(CREATOR, PUBLIC), 'FULL'],
  [SUBJECT_ONLY, 'SUBJECT'],
];

/** Who reads an entry of each visibility on a ticket they read in full, besides its author and the department's staff. */
export const ENTRY_READERS: Readonly<Record<EntryVisibility, Clause<TicketFacts>>> = {
  [EntryVisibility.EVERYONE]: ALWAYS,
  [EntryVisibility.PARTICIPANTS]: anyOf(REQUESTER, INVITEE),
  [EntryVisibility.OWNER]: REQUESTER,
  [EntryVisibility.INVITEES]: INVITEE,
  [EntryVisibility.STAFF]: NEVER,
};

// The relations ENTRY_READERS depends on: each combination of them reads its own entries (entryReadingCases).
const ENTRY_RELATIONS: readonly Clause<TicketFacts>[] = [REQUESTER, INVITEE];

/** The read level of a ticket: the first row of TICKET_READ that holds. */
export function levelOf(viewer: Viewer, t: TicketFacts): ReadLevel {
  return TICKET_READ.find(([clause]) => clause.holds(viewer, t))?.[1] ?? 'NONE';
}

/**
 * TICKET_READ as SQL: the tickets whose level is one of `levels`. A row counts when it holds and no
 * earlier row of another level does; rows in a run share the negations before them.
 */
export function levelSql(viewer: Viewer, levels: readonly Exclude<ReadLevel, 'NONE'>[]): Rendered {
  const cases: Rendered[] = [];
  const excluded: Rendered[] = [];
  let run: Rendered[] = [];
  const closeRun = (): void => {
    if (run.length) cases.push(joined('and', [...excluded, joined('or', run)]));
    run = [];
  };
  for (const [clause, level] of TICKET_READ) {
    if (level !== 'NONE' && levels.includes(level)) {
      run.push(clause.render(viewer));
      continue;
    }
    closeRun();
    excluded.push(not(clause).render(viewer));
  }
  closeRun();
  return joined('or', cases);
}

// The entry visibilities read by a viewer holding exactly the `assumed` ENTRY_RELATIONS (not staff).
function entryKindsGiven(assumed: ReadonlyMap<Clause<never>, boolean>): EntryVisibility[] {
  return Object.values(EntryVisibility).filter((kind) => ENTRY_READERS[kind].decide(assumed));
}

/** What a viewer reads of a ticket's entries in one case: all of them, none (its subject only), or these kinds and their own. */
export type EntryReading = 'ALL' | 'SUBJECT' | readonly EntryVisibility[];

/**
 * The entry rules as cases for one viewer, for SQL that judges a ticket's entries together (the
 * search document): on a ticket the viewer may read (the caller also asks levelSql), the first case
 * whose `when` holds says what they read of it. Staff read all; then each combination of
 * ENTRY_RELATIONS, most relations first (so the first that holds is exactly the viewer's), reads
 * the kinds ENTRY_READERS grants it; a subject-only reader reads no entry.
 */
export function entryReadingCases(viewer: Viewer): { when: Rendered; reads: EntryReading }[] {
  const combinations = ENTRY_RELATIONS.reduce<Clause<TicketFacts>[][]>((all, r) => [...all, ...all.map((c) => [...c, r])], [[]]).sort(
    (a, b) => b.length - a.length,
  );
  const reading = (held: readonly Clause<TicketFacts>[]): EntryVisibility[] =>
    entryKindsGiven(new Map(ENTRY_RELATIONS.map((r) => [r, held.includes(r)])));
  const related = combinations.filter((held) => held.length > 0);
  return [
    { when: STAFF.render(viewer), reads: 'ALL' },
    ...related.map((held) => ({
      when: joined(
        'and',
        held.map((r) => r.render(viewer)),
      ),
      reads: reading(held),
    })),
    { when: levelSql(viewer, ['SUBJECT']), reads: 'SUBJECT' },
    { when: true, reads: reading([]) },
  ];
}
