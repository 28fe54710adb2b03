import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, makeDepartment, makeScene, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { databaseFingerprint } from '../../test/fingerprint.js';
import { errorCode, ok, type GqlResult } from '../../test/harness.js';
import type { Category } from '../model/category.entity.js';

/** The manager's list filters of issue 6: sub-categories, manager, owner, priorities, unassigned, numbers, admins' queue. */

const LIST = `query($f: TicketFilter, $first: Int, $after: String) {
  tickets(filter: $f, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
}`;
interface List {
  tickets: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('ticket list filters', () => {
  const app = useTestApp();
  const s = useScene(app);
  let top: Category;
  let mid: Category;
  let leaf: Category;
  let aside: Category;
  const T: Record<string, string> = {};

  const list = (uid: string, f: Record<string, unknown>): Promise<GqlResult<List>> => app.gql<List>(uid, LIST, { f, first: 100 });
  /** The ids listed (sorted by number), checking that totalCount counts exactly them. */
  const ids = async (uid: string, f: Record<string, unknown>): Promise<string[]> => {
    const data = ok(await list(uid, f)).tickets;
    const found = data.edges.map((e) => e.node.id);
    expect(data.totalCount, JSON.stringify(f)).toBe(found.length);
    return found.sort((a, b) => Number(a) - Number(b));
  };
  const named = (...names: string[]): string[] => names.map((n) => T[n]).sort((a, b) => Number(a) - Number(b));

  beforeAll(async () => {
    const em = app.em();
    top = await makeCategory(em, s.department, unique('Haut '));
    mid = await makeCategory(em, s.department, 'Milieu', top);
    leaf = await makeCategory(em, s.department, 'Feuille', mid);
    aside = await makeCategory(em, s.department, unique('Ailleurs '));
    T.top = await fileTicket(app, s.owner.uid, top.id, { priority: 1 });
    T.mid = await fileTicket(app, s.owner.uid, mid.id, { priority: 2 });
    T.leaf = await fileTicket(app, s.stranger.uid, leaf.id, { priority: 5 });
    T.aside = await fileTicket(app, s.stranger.uid, aside.id, { priority: 5 });
    const take = (uid: string, id: string): Promise<unknown> =>
      app.gql(uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }).then(ok);
    await take(s.manager.uid, T.mid);
    await take(s.manager2.uid, T.leaf);
  });

  it('should include every sub-category, however deep, and no sibling', async () => {
    expect(await ids(s.manager.uid, { categoryId: String(top.id) })).toEqual(named('top', 'mid', 'leaf'));
    expect(await ids(s.manager.uid, { categoryId: String(mid.id) })).toEqual(named('mid', 'leaf'));
    expect(await ids(s.manager.uid, { categoryId: String(leaf.id) })).toEqual(named('leaf'));
    expect(await ids(s.manager.uid, { categoryId: String(aside.id) })).toEqual(named('aside'));
  });

  it('should filter on the ticket manager, the owner, the priorities and whether anyone manages it', async () => {
    const inTree = { departmentId: String(s.department.id) };
    expect(await ids(s.supervisor.uid, { ...inTree, managerId: String(s.manager.id) })).toEqual(named('mid'));
    expect(await ids(s.supervisor.uid, { ...inTree, managerId: String(s.manager2.id) })).toEqual(named('leaf'));
    expect(await ids(s.supervisor.uid, { ...inTree, ownerId: String(s.stranger.id) })).toEqual(named('leaf', 'aside'));
    expect(await ids(s.supervisor.uid, { ...inTree, priorities: [5] })).toEqual(named('leaf', 'aside'));
    expect(await ids(s.supervisor.uid, { ...inTree, priorities: [1, 2] })).toEqual(named('top', 'mid'));
    expect(await ids(s.supervisor.uid, { ...inTree, unassigned: true })).toEqual(named('top', 'aside'));
    expect(await ids(s.supervisor.uid, { ...inTree, unassigned: false })).toEqual(named('mid', 'leaf'));
    // Filters combine: unassigned, priority 5, in the tree under "Haut".
    expect(await ids(s.supervisor.uid, { categoryId: String(top.id), priorities: [5], unassigned: false })).toEqual(named('leaf'));
  });

  it('should let a person name themselves and anyone the people search shows, within what they may read', async () => {
    // The stranger reads only their own two tickets, whoever manages them.
    expect(await ids(s.stranger.uid, { ownerId: String(s.stranger.id) })).toEqual(named('leaf', 'aside'));
    expect(await ids(s.stranger.uid, { managerId: String(s.manager2.id) })).toEqual(named('leaf'));
    expect(await ids(s.stranger.uid, { ownerId: String(s.owner.id) })).toEqual([]);
  });

  describe('a search that is a ticket number', () => {
    it('should find that ticket, written 53350, #53350 or n°53350', async () => {
      for (const search of [T.mid, `#${T.mid}`, `n°${T.mid}`, ` N° ${T.mid} `]) {
        expect(await ids(s.owner.uid, { search }), search).toEqual(named('mid'));
      }
    });

    it('should still find the words, and never a ticket the viewer may not read', async () => {
      const word = unique('numero');
      const withNumber = await fileTicket(app, s.owner.uid, aside.id, { subject: `Salle ${word} 4012` });
      expect(await ids(s.owner.uid, { search: '4012' })).toContain(withNumber);
      // The stranger may not read the owner's PRIVATE ticket: its number finds nothing.
      expect(await ids(s.stranger.uid, { search: T.mid })).toEqual([]);
      expect(await ids(s.stranger.uid, { search: T.leaf })).toEqual(named('leaf'));
    });
  });

  it("should give an admin every department's queue with involvement DEPARTMENT", async () => {
    const other = await makeScene(app);
    const elsewhere = await fileTicket(app, other.owner.uid, other.category.id);
    const queue = await ids(s.admin.uid, { involvement: 'DEPARTMENT' });
    expect(queue).toEqual(expect.arrayContaining([...named('top', 'mid', 'leaf', 'aside'), elsewhere]));
    // A member sees only their department's queue.
    const members = await ids(s.supervisor.uid, { involvement: 'DEPARTMENT' });
    expect(members).toEqual(expect.arrayContaining(named('top', 'mid', 'leaf', 'aside')));
    expect(members).not.toContain(elsewhere);
  });

  describe('ids a filter may name', () => {
    let disabled: string;
    let hiddenCategory: string;
    let provisional: string;
    const MISSING = '999999';
    const FILTERS = ['departmentId', 'categoryId', 'managerId', 'ownerId'] as const;

    beforeAll(async () => {
      const em = app.em();
      disabled = String((await makeDepartment(em, { enabled: false })).id);
      const hidden = await makeCategory(em, s.department, unique('Caché '));
      await em.execute('update category set hidden = true where id = ?', [hidden.id]);
      hiddenCategory = String(hidden.id);
      const invited = await makeUser(em, unique('invited'));
      await em.execute('update app_user set provisional = true where id = ?', [invited.id]);
      provisional = String(invited.id);
    });

    const hiddenOf = (field: (typeof FILTERS)[number]): string =>
      ({ departmentId: disabled, categoryId: hiddenCategory, managerId: provisional, ownerId: provisional })[field];

    it.each(FILTERS)(
      'should answer NOT_FOUND for an unknown or malformed %s, in tickets and ticketCounts, and write nothing',
      async (field) => {
        const before = await databaseFingerprint(app);
        for (const id of [MISSING, 'abc', '0', '-3']) {
          expect(errorCode(await list(s.supervisor.uid, { [field]: id })), `${field}: ${id}`).toBe('NOT_FOUND');
          const counts = await app.gql(s.supervisor.uid, 'query($f: TicketFilter) { ticketCounts(filter: $f) { status count } }', {
            f: { [field]: id },
          });
          expect(errorCode(counts), `${field}: ${id}`).toBe('NOT_FOUND');
        }
        expect(await databaseFingerprint(app)).toEqual(before);
      },
    );

    it.each(FILTERS)('should answer a hidden %s exactly as an unknown one to someone who may not see it', async (field) => {
      const hidden = await list(s.stranger.uid, { [field]: hiddenOf(field) });
      const missing = await list(s.stranger.uid, { [field]: MISSING });
      expect(errorCode(hidden)).toBe('NOT_FOUND');
      // Errors never echo the id, so the two answers are equal byte for byte.
      expect(hidden).toEqual(missing);
    });

    it.each(FILTERS)('should accept that same %s from an admin (the NOT_FOUND above is about rights)', async (field) => {
      const result = await list(s.admin.uid, { [field]: hiddenOf(field) });
      expect(result.errors).toBeUndefined();
    });
  });
});
