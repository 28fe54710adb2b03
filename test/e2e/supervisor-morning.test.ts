import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/seed/seed.js';
import { fileTicket } from '../factories.js';
import { useTestApp } from '../fixture.js';
import { ok } from '../harness.js';

/**
 * Issue 6, "Done when": a supervisor's morning on the demo catalogue, through the API alone — the
 * queue counts, the sub-category filter, a misfiled ticket moved and assigned to a manager picked
 * from the department's members — then the owner's screen with the guide's French words.
 */

interface Listed {
  tickets: { totalCount: number; edges: { node: { id: string; status: string; manager: { uid: string } | null } }[] };
}
const LIST = `query($f: TicketFilter) { tickets(filter: $f, first: 100) { totalCount edges { node { id status manager { uid } } } } }`;
const COUNTS = 'query($f: TicketFilter) { ticketCounts(filter: $f) { status count } }';

describe("a supervisor's morning", () => {
  const app = useTestApp();
  const path: Record<string, string> = {}; // category path → id
  const T: Record<string, string> = {};
  let dnum: string;

  const list = async (uid: string, f: Record<string, unknown>): Promise<string[]> =>
    ok(await app.gql<Listed>(uid, LIST, { f })).tickets.edges.map((e) => e.node.id);
  const counts = async (uid: string, f: Record<string, unknown>): Promise<Record<string, number>> =>
    Object.fromEntries(
      ok(await app.gql<{ ticketCounts: { status: string; count: number }[] }>(uid, COUNTS, { f })).ticketCounts.map((c) => [
        c.status,
        c.count,
      ]),
    );
  const sorted = (...names: string[]): string[] => names.map((n) => T[n]).sort((a, b) => Number(a) - Number(b));
  const bySorted = (ids: string[]): string[] => [...ids].sort((a, b) => Number(a) - Number(b));

  beforeAll(async () => {
    await seedDemo(app.em());
    // What the wizard shows: the catalogue through the API.
    const catalogue = ok(
      await app.gql<{ departments: { id: string; code: string; categories: { id: string; path: string }[] }[] }>(
        'superviseur',
        '{ departments { id code categories { id path } } }',
      ),
    ).departments;
    for (const d of catalogue) for (const c of d.categories) path[c.path] = c.id;
    dnum = catalogue.find((d) => d.code === 'DNUM')!.id;
    const file = (uid: string, at: string, subject: string): Promise<string> => fileTicket(app, uid, Number(path[at]), { subject });
    T.misfiled = await file('alice', 'Exterieurs - ENT', "Pas d'accès à l'ENT depuis chez moi");
    T.timetable = await file('alice', 'DNUM - ENT', 'Emploi du temps vide');
    T.eduroam = await file('alice', 'DNUM - Wifi', 'Eduroam refuse mon mot de passe');
    T.mailbox = await file('bob', 'DNUM - Messagerie', 'Boîte aux lettres pleine');
    T.printer = await file('bob', 'DNUM - Imprimer', 'Imprimante introuvable');
    T.solved = await file('bob', 'DNUM - Wifi', 'Wifi lent');
    T.enrolment = await file('alice', 'Scolarité - Inscriptions', 'Certificat de scolarité');
    // Yesterday: the manager asked Bob about his printer, and Bob closed his own Wifi ticket.
    ok(await app.gql('gestionnaire', 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id: T.printer }));
    ok(
      await app.gql('gestionnaire', 'mutation($id: ID!) { requestInformation(ticketId: $id, message: "<p>Quel bâtiment ?</p>") { id } }', {
        id: T.printer,
      }),
    );
    ok(await app.gql('bob', 'mutation($id: ID!) { closeTicket(ticketId: $id) { id } }', { id: T.solved }));
  });

  it('should open on the queue counts of the department, closed tickets left out', async () => {
    expect(await counts('superviseur', { involvement: 'DEPARTMENT' })).toEqual({ FREE: 4, IN_PROGRESS: 0, INCOMPLETE: 1, POSTPONED: 0 });
    // The "Libre" tab, oldest first.
    const free = await list('superviseur', {
      involvement: 'DEPARTMENT',
      statuses: ['FREE'],
      orderBy: { field: 'CREATED', direction: 'ASC' },
    });
    expect(free).toEqual([T.misfiled, T.timetable, T.eduroam, T.mailbox]);
  });

  it('should filter on "DNUM" with every sub-category, and on one sub-category', async () => {
    expect(bySorted(await list('superviseur', { categoryId: path.DNUM }))).toEqual(
      sorted('timetable', 'eduroam', 'mailbox', 'printer', 'solved'),
    );
    expect(bySorted(await list('superviseur', { categoryId: path['DNUM - Wifi'] }))).toEqual(sorted('eduroam', 'solved'));
    expect(await counts('superviseur', { categoryId: path.DNUM, statuses: ['FREE'] })).toEqual({ FREE: 3 });
  });

  it('should move the misfiled ticket to "DNUM - ENT" and give it to the manager', async () => {
    const moved = ok(
      await app.gql<{ moveTicket: { category: { path: string }; history: { type: string }[] } }>(
        'superviseur',
        'mutation($id: ID!, $c: ID!) { moveTicket(ticketId: $id, categoryId: $c) { category { path } history { type } } }',
        { id: T.misfiled, c: path['DNUM - ENT'] },
      ),
    ).moveTicket;
    expect(moved.category.path).toBe('DNUM - ENT');
    expect(moved.history.at(-1)?.type).toBe('MOVED');
    expect(await list('superviseur', { categoryId: path['DNUM - ENT'], statuses: ['FREE'] })).toContain(T.misfiled);

    // The manager's user id (assignTicket takes a user id), here from the people search.
    const [manager] = ok(
      await app.gql<{ users: { id: string; uid: string }[] }>('superviseur', '{ users(search: "gestionnaire") { id uid } }'),
    ).users;
    expect(manager.uid).toBe('gestionnaire');
    const assigned = ok(
      await app.gql<{ assignTicket: { status: string; manager: { uid: string } } }>(
        'superviseur',
        'mutation($id: ID!, $m: ID!) { assignTicket(ticketId: $id, managerId: $m) { status manager { uid } } }',
        { id: T.misfiled, m: manager.id },
      ),
    ).assignTicket;
    expect(assigned).toEqual({ status: 'IN_PROGRESS', manager: { uid: 'gestionnaire' } });
    expect(await counts('superviseur', { involvement: 'DEPARTMENT' })).toEqual({ FREE: 3, IN_PROGRESS: 1, INCOMPLETE: 1, POSTPONED: 0 });
    expect(bySorted(await list('superviseur', { managerId: manager.id }))).toEqual(sorted('misfiled', 'printer'));
    expect(bySorted(await list('superviseur', { involvement: 'DEPARTMENT', unassigned: true, statuses: ['FREE'] }))).toEqual(
      sorted('timetable', 'eduroam', 'mailbox'),
    );
    // The supervisor keeps an eye on it: "Personnes en surveillance".
    const watched = ok(
      await app.gql<{ watchTicket: { watchers: { uid: string }[] } }>(
        'superviseur',
        'mutation($id: ID!) { watchTicket(ticketId: $id) { watchers { uid } } }',
        {
          id: T.misfiled,
        },
      ),
    ).watchTicket;
    expect(watched.watchers.map((w) => w.uid)).toEqual(['superviseur']);
  });

  it('should pick a manager from the members of DNUM and assign with their user id', async () => {
    const departments = ok(
      await app.gql<{ departments: { id: string; members: { role: string; user: { id: string; uid: string } }[] }[] }>(
        'superviseur',
        '{ departments { id members { role user { id uid } } } }',
      ),
    ).departments;
    const member = departments.find((d) => d.id === dnum)!.members.find((m) => m.role === 'MANAGER')!;
    expect(member.user.uid).toBe('gestionnaire');
    const assigned = ok(
      await app.gql<{ assignTicket: { manager: { uid: string } } }>(
        'superviseur',
        'mutation($id: ID!, $m: ID!) { assignTicket(ticketId: $id, managerId: $m) { manager { uid } } }',
        { id: T.timetable, m: member.user.id },
      ),
    ).assignTicket;
    expect(assigned.manager.uid).toBe('gestionnaire');
  });

  it('should read in the history "Exterieurs - ENT → DNUM - ENT"', async () => {
    type Entry = { type: string; changes: { property: string; before: string | null; after: string | null }[] };
    const history = ok(
      await app.gql<{ ticket: { history: Entry[] } }>(
        'superviseur',
        'query($id: ID!) { ticket(id: $id) { history { type changes { property before after } } } }',
        { id: T.misfiled },
      ),
    ).ticket.history;
    const move = history.find((e) => e.type === 'MOVED')!;
    expect(move.changes.map((c) => `${c.before} → ${c.after}`)).toContain('Exterieurs - ENT → DNUM - ENT');
  });

  describe("the owner's screen", () => {
    type Mine = {
      tickets: {
        edges: {
          node: {
            id: string;
            subject: string;
            status: string;
            lastActivityAt: string;
            category: { path: string };
            manager: { uid: string; displayName: string } | null;
            watchers: unknown[];
            spentMinutes: number | null;
            origin: string | null;
          };
        }[];
      };
    };
    const MINE = `{ tickets(filter: { involvement: OWNER }) { edges { node {
      id subject status lastActivityAt category { path } manager { uid displayName } watchers { uid } spentMinutes origin } } } }`;

    it("should list Alice's tickets, last activity first, without the staff's fields", async () => {
      const mine = ok(await app.gql<Mine>('alice', MINE)).tickets.edges.map((e) => e.node);
      expect(bySorted(mine.map((t) => t.id))).toEqual(sorted('misfiled', 'timetable', 'eduroam', 'enrolment'));
      const times = mine.map((t) => Date.parse(t.lastActivityAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const misfiled = mine.find((t) => t.id === T.misfiled)!;
      expect(misfiled).toMatchObject({ status: 'IN_PROGRESS', category: { path: 'DNUM - ENT' }, manager: { uid: 'gestionnaire' } });
      for (const t of mine) expect([t.watchers, t.spentMinutes, t.origin]).toEqual([[], null, null]);
    });

    it('should show her statuses in the guide\'s French words from labels(lang: "fr")', async () => {
      const labels = ok(
        await app.gql<{ labels: { kind: string; key: string; text: string }[] }>('alice', '{ labels(lang: "fr") { kind key text } }'),
      ).labels;
      const status = new Map(labels.filter((l) => l.kind === 'status').map((l) => [l.key, l.text]));
      const mine = ok(await app.gql<Mine>('alice', MINE)).tickets.edges.map((e) => e.node);
      const shown = Object.fromEntries(mine.map((t) => [t.subject, status.get(t.status)]));
      expect(shown).toEqual({
        "Pas d'accès à l'ENT depuis chez moi": 'En cours',
        'Emploi du temps vide': expect.stringMatching(/^(Libre|En cours)$/) as unknown,
        'Eduroam refuse mon mot de passe': 'Libre',
        'Certificat de scolarité': 'Libre',
      });
    });
  });
});
