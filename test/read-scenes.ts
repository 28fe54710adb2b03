import type { EntityManager } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import type { Viewer } from '../server/auth/viewer.js';
import { MemberRole } from '../server/model/catalogue.enums.js';
import type { EntryFacts, TicketFacts } from '../server/policies/ticket.policy.js';
import { EntryVisibility, TicketVisibility } from '../server/model/ticket.enums.js';
import { TicketStatus } from '../server/model/ticket-status.js';
import { User } from '../server/model/user.entity.js';

/**
 * Generated scenes for the read-rule property test (server/policies/read-rules.test.ts): a few
 * departments, some confidential; people with roles in them, an admin; tickets of every visibility
 * and status with owners, creators, invitees and watchers; entries of every visibility. Scenes are
 * small so that a run takes a few statements, and written in one transaction the test rolls back.
 */

/** How many of each a scene may have. The last person is the admin. */
export const SIZE = { departments: 3, people: 6, tickets: 7, entries: 3 } as const;

/** Words shared between subjects and entries, so that searches match several tickets (and common searches walk them). */
export const SHARED_WORDS = ['zkp', 'zkt', 'zkv', 'zkd'] as const;

/** One history entry of a generated ticket. */
export interface SceneEntry {
  visibility: EntryVisibility;
  /** A person's index; null for the scheduler. */
  author: number | null;
  words: string[];
}

/** One generated ticket; people and departments are indexes. */
export interface SceneTicket {
  department: number;
  owner: number;
  /** Null: filed by its owner. */
  creator: number | null;
  manager: number | null;
  visibility: TicketVisibility;
  status: TicketStatus;
  invitees: number[];
  watchers: number[];
  words: string[];
  entries: SceneEntry[];
}

/** One generated scene. */
export interface Scene {
  confidential: boolean[];
  /** Each person's role in each department, if any. */
  roles: (MemberRole | null)[][];
  tickets: SceneTicket[];
}

const person = fc.integer({ min: 0, max: SIZE.people });
const words = fc.subarray([...SHARED_WORDS]);
const entry: fc.Arbitrary<SceneEntry> = fc.record({
  visibility: fc.constantFrom(...Object.values(EntryVisibility)),
  author: fc.option(person, { nil: null, freq: 8 }),
  words,
});
const ticket: fc.Arbitrary<SceneTicket> = fc.record({
  department: fc.integer({ min: 0, max: SIZE.departments - 1 }),
  owner: person,
  creator: fc.option(person, { nil: null, freq: 2 }),
  manager: fc.option(person, { nil: null }),
  visibility: fc.constantFrom(...Object.values(TicketVisibility)),
  status: fc.constantFrom(...Object.values(TicketStatus)),
  invitees: fc.uniqueArray(person, { maxLength: 3 }),
  watchers: fc.uniqueArray(person, { maxLength: 2 }),
  words,
  entries: fc.array(entry, { maxLength: SIZE.entries }),
});
const role = fc.constantFrom(null, null, null, MemberRole.MANAGER, MemberRole.SUPERVISOR);
const perDepartment = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.array(arb, { minLength: SIZE.departments, maxLength: SIZE.departments });

/** The scenes the property test runs over. */
export const scenes: fc.Arbitrary<Scene> = fc.record({
  confidential: perDepartment(fc.boolean()),
  roles: fc.array(perDepartment(role), { minLength: SIZE.people, maxLength: SIZE.people }),
  tickets: fc.array(ticket, { minLength: 1, maxLength: SIZE.tickets }),
});

/** What exists before any scene: the departments (with a category each) and the people, the last an admin. */
export interface Cast {
  departments: { id: number; categoryId: number }[];
  people: number[];
}

/** A written ticket: its id, the facts the rules read, and the words only it (or one of its entries) holds. */
export interface WrittenTicket {
  id: number;
  status: TicketStatus;
  facts: TicketFacts;
  watcherIds: Set<number>;
  subjectWords: string[];
  entries: (EntryFacts & { words: string[] })[];
}

// A word of consonants only: French stemming leaves it whole, so each generated word matches itself alone.
const CONSONANTS = 'bcfghjlmnqrw';
function word(prefix: string, n: number): string {
  let digits = CONSONANTS[n % CONSONANTS.length];
  for (let rest = Math.floor(n / CONSONANTS.length); rest > 0; rest = Math.floor(rest / CONSONANTS.length))
    digits = CONSONANTS[rest % CONSONANTS.length] + digits;
  return prefix + digits;
}

/** Writes a scene (departments' confidentiality, tickets, invitations, watchers, entries) in `em`'s transaction. */
export async function writeScene(em: EntityManager, cast: Cast, scene: Scene): Promise<WrittenTicket[]> {
  const values = (rows: unknown[][], columns: number): string =>
    rows.map(() => `(${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ');
  const confidential = cast.departments.map((d, i) => [d.id, scene.confidential[i]]);
  await em.execute(
    `update department d set confidential = v.c from (values ${values(confidential, 2)}) v(id, c) where d.id = v.id::int and v.c::boolean <> d.confidential`,
    confidential.flat(),
  );
  const who = (i: number): number => cast.people[i];
  const rows = scene.tickets.map((t, i) => {
    const department = cast.departments[t.department];
    const subject = [word('zs', i), ...t.words].join(' ');
    return [subject, t.status, t.visibility, who(t.owner), who(t.creator ?? t.owner), t.manager === null ? null : who(t.manager)].concat([
      department.categoryId,
      department.id,
      i,
    ]);
  });
  const ids = await em.execute<{ id: number }[]>(
    `insert into ticket (subject, status, visibility, owner_id, creator_id, manager_id, category_id, department_id, created_at, updated_at, last_activity_at)
     select v.subject, v.status, v.visibility, v.o::int, v.c::int, v.m::int, v.cat::int, v.dep::int, now(), now(), now() - v.age::int * interval '1 minute'
     from (values ${values(rows, 9)}) v(subject, status, visibility, o, c, m, cat, dep, age) order by v.age returning id`,
    rows.flat(),
  );
  const written = scene.tickets.map((t, i): WrittenTicket => {
    const invitees = t.invitees.filter((p) => p !== t.owner).map(who);
    return {
      id: ids[i].id,
      status: t.status,
      facts: {
        ownerId: who(t.owner),
        creatorId: who(t.creator ?? t.owner),
        managerId: t.manager === null ? null : who(t.manager),
        departmentId: cast.departments[t.department].id,
        visibility: t.visibility,
        confidential: scene.confidential[t.department],
        inviteeIds: invitees,
        inviterIds: invitees.map(() => who(t.owner)),
      },
      watcherIds: new Set(t.watchers.map(who)),
      subjectWords: [word('zs', i), ...t.words],
      entries: t.entries.map((e, j) => ({
        visibility: e.visibility,
        authorId: e.author === null ? null : who(e.author),
        words: [word(`zn${word('', i)}x`, j), ...e.words],
      })),
    };
  });
  const invitations = written.flatMap((t) => t.facts.inviteeIds.map((u) => [t.id, u, t.facts.ownerId]));
  if (invitations.length)
    await em.execute(
      `insert into invitation (ticket_id, user_id, invited_by_id, created_at) select v.t::int, v.u::int, v.b::int, now() from (values ${values(invitations, 3)}) v(t, u, b)`,
      invitations.flat(),
    );
  const watchers = written.flatMap((t) => [...t.watcherIds].map((u) => [t.id, u]));
  if (watchers.length)
    await em.execute(
      `insert into watcher (ticket_id, user_id, created_at) select v.t::int, v.u::int, now() from (values ${values(watchers, 2)}) v(t, u)`,
      watchers.flat(),
    );
  const entries = written.flatMap((t) => t.entries.map((e) => [t.id, e.authorId, t.status, e.words.join(' '), e.visibility]));
  if (entries.length)
    await em.execute(
      `insert into ticket_event (ticket_id, type, at, actor_id, status_after, message, visibility, changes)
       select v.t::int, 'COMMENTED', now(), v.a::int, v.s, v.m, v.v, '[]' from (values ${values(entries, 5)}) v(t, a, s, m, v)`,
      entries.flat(),
    );
  return written;
}

/** The viewer of person `i` in a scene: their roles as memberships; the last person is the admin. */
export function viewerOf(em: EntityManager, cast: Cast, scene: Scene, i: number): Viewer {
  const memberships = new Map<number, MemberRole>();
  if (i < SIZE.people)
    scene.roles[i].forEach((r, d) => {
      if (r) memberships.set(cast.departments[d].id, r);
    });
  const userId = cast.people[i];
  return { user: em.getReference(User, userId), userId, isAdmin: i === SIZE.people, memberships };
}
