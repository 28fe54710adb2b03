import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, makeScene, makeUser, unique, type Scene } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { countingQueries } from '../../test/statements.js';
import type { Category } from '../model/category.entity.js';

interface Page {
  tickets: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; subject: string } }[];
  };
}

const PAGE = `query($first: Int, $after: String, $filter: TicketFilter) {
  tickets(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id subject } }
  }
}`;

const WIDE = `query($first: Int) {
  tickets(first: $first) {
    edges { node { id subject lastActivityAt spentMinutes origin owner { uid } category { path department { code } } manager { uid } watchers { uid } attachments { filename } allowedActions } }
  }
}`;

describe('tickets lists', () => {
  const app = useTestApp();
  const scene = useScene(app);

  const page = (uid: string, variables: Record<string, unknown>): Promise<GqlResult<Page>> => app.gql<Page>(uid, PAGE, variables);

  describe('keyset pagination', () => {
    let category: Category;
    let expected: string[];

    beforeAll(async () => {
      category = await makeCategory(app.em(), scene.department, unique('Pages '));
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push(await fileTicket(app, scene.owner.uid, category.id, { subject: `Page ticket ${i}` }));
      // Activity order unlike creation order, with a tie (tickets 2 and 3) that straddles the first page boundary.
      const minutesAgo = [5, 1, 3, 3, 0, 6, 4];
      for (const [i, id] of ids.entries()) {
        await app
          .em()
          .execute(`update ticket set last_activity_at = date_trunc('milliseconds', now()) - make_interval(mins => ?) where id = ?`, [
            minutesAgo[i],
            Number(id),
          ]);
      }
      // Newest activity first; equal times by id, highest first.
      expected = [...ids.keys()].sort((a, b) => minutesAgo[a] - minutesAgo[b] || Number(ids[b]) - Number(ids[a])).map((i) => ids[i]);
    });

    it('should walk 7 tickets 3 at a time, newest activity first, with no duplicates nor gaps', async () => {
      const filter = { categoryId: String(category.id) };
      const seen: string[] = [];
      const pages: { ids: string[]; hasNextPage: boolean; totalCount: number }[] = [];
      let after: string | null = null;
      for (let i = 0; i < 4; i++) {
        const data: Page = ok(await page(scene.owner.uid, { first: 3, after, filter }));
        const ids = data.tickets.edges.map((e) => e.node.id);
        pages.push({ ids, hasNextPage: data.tickets.pageInfo.hasNextPage, totalCount: data.tickets.totalCount });
        seen.push(...ids);
        if (ids.length) expect(data.tickets.pageInfo.endCursor).toBe(data.tickets.edges.at(-1)!.cursor);
        else expect(data.tickets.pageInfo.endCursor).toBeNull();
        if (!data.tickets.pageInfo.hasNextPage) break;
        after = data.tickets.pageInfo.endCursor;
      }
      expect(pages.map((p) => p.ids.length)).toEqual([3, 3, 1]);
      expect(pages.map((p) => p.hasNextPage)).toEqual([true, true, false]);
      expect(pages.map((p) => p.totalCount)).toEqual([7, 7, 7]);
      expect(new Set(seen).size).toBe(7);
      expect(seen).toEqual(expected);
    });

    it('should answer the whole list in the same order in one page', async () => {
      const data = ok(await page(scene.owner.uid, { first: 100, filter: { categoryId: String(category.id) } }));
      expect(data.tickets.edges.map((e) => e.node.id)).toEqual(expected);
      expect(data.tickets.pageInfo.hasNextPage).toBe(false);
    });

    it('should answer an empty page with first: 0 but still count', async () => {
      const data = ok(await page(scene.owner.uid, { first: 0, filter: { categoryId: String(category.id) } }));
      expect(data.tickets.edges).toEqual([]);
      expect(data.tickets.totalCount).toBe(7);
      expect(data.tickets.pageInfo).toEqual({ hasNextPage: true, endCursor: null });
    });

    it.each([
      ['garbage', 'not-a-cursor'],
      ['a cursor without an id', Buffer.from('2024-01-01T00:00:00.000Z').toString('base64url')],
      ['a cursor with a bad date', Buffer.from('yesterday|12').toString('base64url')],
      ['a cursor with a non-numeric id', Buffer.from('2024-01-01T00:00:00.000Z|1 or 1=1').toString('base64url')],
    ])('should refuse %s as after with BAD_USER_INPUT on after', async (_label, after) => {
      const result = await page(scene.owner.uid, { first: 3, after });
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it('should refuse first over 100 with BAD_USER_INPUT on first', async () => {
      const result = await page(scene.owner.uid, { first: 101 });
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    });

    it('should refuse a negative first with BAD_USER_INPUT on first', async () => {
      const result = await page(scene.owner.uid, { first: -1 });
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    });

    it('should accept first: 100', async () => {
      expect(ok(await page(scene.owner.uid, { first: 100 })).tickets.totalCount).toBeGreaterThanOrEqual(7);
    });
  });

  describe('who sees what', () => {
    it("should list only the viewer's own tickets with involvement OWNER", async () => {
      const alice = await makeUser(app.em(), unique('alice'));
      const mine = [await fileTicket(app, alice.uid, scene.category.id), await fileTicket(app, alice.uid, scene.category.id)];
      const invitedTo = await fileTicket(app, scene.owner.uid, scene.category.id);
      ok(
        await app.gql(scene.owner.uid, 'mutation($t: ID!, $u: String!) { inviteUser(ticketId: $t, user: $u) { id } }', {
          t: invitedTo,
          u: alice.uid,
        }),
      );

      const owned = ok(await page(alice.uid, { first: 100, filter: { involvement: 'OWNER' } }));
      expect(owned.tickets.edges.map((e) => e.node.id).sort()).toEqual([...mine].sort());
      expect(owned.tickets.totalCount).toBe(2);

      const invited = ok(await page(alice.uid, { first: 100, filter: { involvement: 'INVITED' } }));
      expect(invited.tickets.edges.map((e) => e.node.id)).toEqual([invitedTo]);
      expect(invited.tickets.totalCount).toBe(1);

      const all = ok(await page(alice.uid, { first: 100 }));
      expect(all.tickets.edges.map((e) => e.node.id)).toEqual(expect.arrayContaining([...mine, invitedTo]));
    });

    it("should never list another user's PRIVATE ticket to a stranger, but list a PUBLIC one", async () => {
      const word = unique('zanzibar');
      const privateId = await fileTicket(app, scene.owner.uid, scene.category.id, { subject: `Privé ${word}` });
      const publicId = await fileTicket(app, scene.owner.uid, scene.category.id, {
        subject: `Panne générale ${word}`,
        visibility: 'PUBLIC',
      });

      const seen = ok(await page(scene.stranger.uid, { first: 100 }));
      const ids = seen.tickets.edges.map((e) => e.node.id);
      expect(ids).toContain(publicId);
      expect(ids).not.toContain(privateId);
      expect(seen.tickets.totalCount).toBe(ids.length);

      const searched = ok(await page(scene.stranger.uid, { first: 100, filter: { search: word } }));
      expect(searched.tickets.edges.map((e) => e.node.id)).toEqual([publicId]);
      expect(searched.tickets.totalCount).toBe(1);

      // The owner and the department's staff see both.
      for (const uid of [scene.owner.uid, scene.manager.uid]) {
        const theirs = ok(await page(uid, { first: 100, filter: { search: word } }));
        expect(theirs.tickets.edges.map((e) => e.node.id).sort()).toEqual([privateId, publicId].sort());
      }
    });

    it('should not list a PUBLIC ticket of a confidential department to a stranger', async () => {
      const secret = await makeScene(app, { confidential: true });
      const id = await fileTicket(app, secret.owner.uid, secret.category.id, { visibility: 'PUBLIC' });
      const ids = ok(await page(scene.stranger.uid, { first: 100 })).tickets.edges.map((e) => e.node.id);
      expect(ids).not.toContain(id);
      const read = await app.gql(scene.stranger.uid, 'query($id: ID!) { ticket(id: $id) { id } }', { id });
      expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('ticket(id)', () => {
    const READ = 'query($id: ID!) { ticket(id: $id) { id subject owner { uid } } }';

    /** The answer with the asked id blanked out of messages, to compare the two shapes. */
    function shape(result: GqlResult, id: string): unknown {
      return { ...result, errors: result.errors?.map((e) => ({ ...e, message: e.message.split(id).join('<id>') })) };
    }

    it('should answer a PRIVATE ticket read by a stranger exactly as a number that does not exist', async () => {
      const hidden = await fileTicket(app, scene.owner.uid, scene.category.id, { subject: 'Mon secret' });
      const missing = String(Number(hidden) + 100_000);
      const forbidden = await app.gql(scene.stranger.uid, READ, { id: hidden });
      const absent = await app.gql(scene.stranger.uid, READ, { id: missing });

      expect(forbidden.data).toEqual({ ticket: null });
      expect(forbidden.errors).toHaveLength(1);
      expect(forbidden.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
      expect(JSON.stringify(forbidden)).not.toContain('Mon secret');
      expect(shape(forbidden, hidden)).toEqual(shape(absent, missing));
    });

    it("should let the owner read that same ticket (the stranger's NOT_FOUND is about rights)", async () => {
      const id = await fileTicket(app, scene.owner.uid, scene.category.id, { subject: 'Lisible' });
      expect(ok(await app.gql<{ ticket: { subject: string } }>(scene.owner.uid, READ, { id })).ticket.subject).toBe('Lisible');
    });

    it('should answer NOT_FOUND for a non-numeric id', async () => {
      const result = await app.gql(scene.owner.uid, READ, { id: 'abc' });
      expect(result.data).toEqual({ ticket: null });
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    });

    it('should show a SUBJECT_ONLY ticket to a stranger without its people', async () => {
      const id = await fileTicket(app, scene.owner.uid, scene.category.id, { subject: 'Sujet seul', visibility: 'SUBJECT_ONLY' });
      const data = ok(await app.gql<{ ticket: { subject: string; owner: { uid: string } | null } }>(scene.stranger.uid, READ, { id }));
      expect(data.ticket.subject).toBe('Sujet seul');
      expect(data.ticket.owner).toBeNull();
    });
  });

  describe('query count', () => {
    beforeAll(async () => {
      // 55 tickets over two departments, several owners and categories, half of them taken.
      const other = await makeScene(app);
      const em = app.em();
      const categories = [
        { id: scene.category.id, taker: scene.manager.uid },
        { id: (await makeCategory(em, scene.department, unique('Wifi '))).id, taker: scene.manager2.uid },
        { id: other.category.id, taker: other.manager.uid },
        { id: (await makeCategory(app.em(), other.department, unique('Mail '))).id, taker: other.supervisor.uid },
      ];
      const owners = [scene.owner, scene.stranger, other.owner, other.stranger, await makeUser(app.em())];
      for (let i = 0; i < 55; i++) {
        const category = categories[i % categories.length];
        // Mixed read levels for department staff of the first department: FULL, and SUBJECT for the other's SUBJECT_ONLY ones.
        const visibility = ['PRIVATE', 'PUBLIC', 'SUBJECT_ONLY'][i % 3];
        const id = await fileTicket(app, owners[i % owners.length].uid, category.id, { subject: `Charge ${i}`, visibility });
        if (i % 2 === 0) ok(await app.gql(category.taker, 'mutation($t: ID!) { takeTicket(ticketId: $t) { id } }', { t: id }));
        // Watchers on a third of them, so the batched watchers loader has rows to return.
        if (i % 3 === 1) ok(await app.gql(category.taker, 'mutation($t: ID!) { watchTicket(ticketId: $t) { id } }', { t: id }));
      }
    });

    interface Wide {
      tickets: {
        edges: {
          node: {
            id: string;
            owner: { uid: string } | null;
            category: { path: string; department: { code: string } } | null;
            manager: { uid: string } | null;
            watchers: { uid: string }[];
            allowedActions: string[];
          };
        }[];
      };
    }

    async function measure(uid: string, first: number): Promise<{ statements: string[]; data: Wide }> {
      const { result, statements } = await countingQueries(() => app.gql<Wide>(uid, WIDE, { first }), app);
      return { statements, data: ok(result) };
    }

    it.each([
      ['an admin', (s: Scene) => s.admin.uid],
      ['a department supervisor', (s: Scene) => s.supervisor.uid],
    ])('should run the same number of SQL statements for 5 and for 50 tickets as %s', async (_label, viewer) => {
      const uid = viewer(scene);
      await measure(uid, 50); // warm-up: pool connections, metadata
      const small = await measure(uid, 5);
      const large = await measure(uid, 50);
      expect(small.data.tickets.edges).toHaveLength(5);
      expect(large.data.tickets.edges).toHaveLength(50);
      expect(large.data.tickets.edges.some((e) => e.node.manager !== null)).toBe(true);
      expect(large.data.tickets.edges.some((e) => e.node.watchers.length > 0)).toBe(true);
      // Full readers get the joined fields; subject-only readers (the other department's SUBJECT_ONLY tickets) get none of them.
      const full = large.data.tickets.edges.filter((e) => e.node.category !== null);
      expect(full.length).toBeGreaterThan(0);
      expect(full.every((e) => e.node.category!.department.code.length > 0 && e.node.owner!.uid.length > 0)).toBe(true);
      expect(large.data.tickets.edges.filter((e) => e.node.category === null).every((e) => e.node.owner === null)).toBe(true);
      console.info(`SQL statements (${_label}): 5 tickets → ${small.statements.length}, 50 tickets → ${large.statements.length}`);
      expect(small.statements.length).toBeGreaterThan(0);
      // The page, its people, categories, access facts and watch flags are one statement; departments, watchers, files one each.
      expect(large.statements.length, `statements for 50 tickets:\n${large.statements.join('\n')}`).toBe(small.statements.length);
      expect(large.statements.filter((sql) => /\bfrom ticket t\b/.test(sql))).toHaveLength(1);
    });

    // What signing in costs, so the read itself can be counted exactly.
    const signInOnly = async (uid: string): Promise<number> =>
      (await countingQueries(() => app.gql(uid, '{ me { id } }'), app)).statements.length;

    it('should read a page with its people, category, department, access and watch flags in one statement', async () => {
      const uid = scene.supervisor.uid;
      const shape = `{ tickets(first: 25) { edges { node { id number subject status priority lastActivityAt watching
        owner { displayName } category { path } manager { displayName } department { label } } } } }`;
      await app.gql(uid, shape); // warm-up
      const { result, statements } = await countingQueries(() => app.gql<Wide>(uid, shape), app);
      expect(ok(result).tickets.edges).toHaveLength(25);
      expect(statements.length).toBe((await signInOnly(uid)) + 1);
    });

    it("should read the view's ticket with its people, category, department, access and watch flag in one statement", async () => {
      const uid = scene.supervisor.uid;
      const id = await fileTicket(app, scene.owner.uid, scene.category.id, { subject: 'Vue en une requête' });
      const view = `query($id: ID!) { ticket(id: $id) { id number subject priority watching allowedActions
        owner { displayName } category { path department { code } } manager { displayName } department { label reopenDays } } }`;
      await app.gql(uid, view, { id }); // warm-up
      const { result, statements } = await countingQueries(() => app.gql<{ ticket: { id: string } }>(uid, view, { id }), app);
      expect(ok(result).ticket.id).toBe(id);
      expect(statements.length).toBe((await signInOnly(uid)) + 1);
    });
  });
});
