import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { databaseFingerprint } from '../../test/fingerprint.js';
import { errorCode, ok, type GqlResult } from '../../test/harness.js';
import { countingQueries } from '../../test/statements.js';
import type { Category } from '../model/category.entity.js';

/** tickets(filter.orderBy): every order, both directions, walked page by page; bad orders and priorities; counts on demand. */

const PAGE = `query($f: TicketFilter, $first: Int, $after: String) {
  tickets(filter: $f, first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
}`;
interface Page {
  tickets: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const FIELDS = ['LAST_ACTIVITY', 'CREATED', 'NUMBER', 'PRIORITY'] as const;
const DIRECTIONS = ['ASC', 'DESC'] as const;

// Seven tickets whose keys tie in every way an order can: equal creation times, equal activity, and
// equal priority with equal activity (then only the number decides).
const PRIORITY = [3, 5, 3, 1, 5, 3, 3];
const CREATED_AGO = [10, 9, 9, 7, 6, 6, 1];
const ACTIVE_AGO = [4, 2, 2, 8, 0, 2, 5];

describe('ticket list order', () => {
  const app = useTestApp();
  const s = useScene(app);
  let category: Category;
  let ids: string[];

  const page = (uid: string, variables: Record<string, unknown>): Promise<GqlResult<Page>> => app.gql<Page>(uid, PAGE, variables);
  const inCategory = (orderBy?: Record<string, unknown>): Record<string, unknown> => ({
    categoryId: String(category.id),
    ...(orderBy ? { orderBy } : {}),
  });

  /** The expected order, computed from the keys set above (times as "minutes from now"). */
  function expected(field: (typeof FIELDS)[number], direction: (typeof DIRECTIONS)[number]): string[] {
    const key = (i: number): number[] => {
      const id = Number(ids[i]);
      if (field === 'LAST_ACTIVITY') return [-ACTIVE_AGO[i], id];
      if (field === 'CREATED') return [-CREATED_AGO[i], id];
      if (field === 'NUMBER') return [id];
      return [PRIORITY[i], -ACTIVE_AGO[i], id];
    };
    const compare = (a: number, b: number): number => {
      const [ka, kb] = [key(a), key(b)];
      const at = ka.findIndex((v, j) => v !== kb[j]);
      return at === -1 ? 0 : ka[at] - kb[at];
    };
    const ascending = [...ids.keys()].sort(compare).map((i) => ids[i]);
    return direction === 'ASC' ? ascending : ascending.reverse();
  }

  beforeAll(async () => {
    category = await makeCategory(app.em(), s.department, unique('Ordre '));
    ids = [];
    for (let i = 0; i < PRIORITY.length; i++) ids.push(await fileTicket(app, s.owner.uid, category.id));
    const em = app.em();
    for (const [i, id] of ids.entries()) {
      await em.execute(
        `update ticket set priority = ?, created_at = date_trunc('second', now()) - make_interval(mins => ?),
           last_activity_at = date_trunc('second', now()) - make_interval(mins => ?) where id = ?`,
        [PRIORITY[i], CREATED_AGO[i], ACTIVE_AGO[i], Number(id)],
      );
    }
  });

  it('should sort by last activity, newest first, when no order is given', async () => {
    const data = ok(await page(s.owner.uid, { f: inCategory(), first: 100 }));
    expect(data.tickets.edges.map((e) => e.node.id)).toEqual(expected('LAST_ACTIVITY', 'DESC'));
  });

  for (const field of FIELDS) {
    for (const direction of DIRECTIONS) {
      it(`should walk ${field} ${direction} two at a time in the same order as one page, without gaps or repeats`, async () => {
        const f = inCategory({ field, direction });
        const whole = ok(await page(s.owner.uid, { f, first: 100 })).tickets.edges.map((e) => e.node.id);
        expect(whole).toEqual(expected(field, direction));
        const walked: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 10; i++) {
          const data: Page = ok(await page(s.owner.uid, { f, first: 2, after }));
          walked.push(...data.tickets.edges.map((e) => e.node.id));
          if (!data.tickets.pageInfo.hasNextPage) break;
          after = data.tickets.pageInfo.endCursor;
        }
        expect(walked).toEqual(whole);
      });
    }
  }

  it('should default the direction to DESC when only the field is given', async () => {
    const data = ok(await page(s.owner.uid, { f: inCategory({ field: 'PRIORITY' }), first: 100 }));
    expect(data.tickets.edges.map((e) => e.node.id)).toEqual(expected('PRIORITY', 'DESC'));
  });

  it('should refuse a cursor of another order with BAD_USER_INPUT on after (its keys mean nothing there)', async () => {
    const first = ok(await page(s.owner.uid, { f: inCategory({ field: 'PRIORITY', direction: 'ASC' }), first: 2 }));
    const after = first.tickets.pageInfo.endCursor;
    for (const orderBy of [{ field: 'PRIORITY', direction: 'DESC' }, { field: 'CREATED', direction: 'ASC' }, undefined]) {
      const result = await page(s.owner.uid, { f: inCategory(orderBy), first: 2, after });
      expect(result.errors?.[0]?.extensions, JSON.stringify(orderBy)).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });

  it.each([
    [
      'a forged priority key',
      Buffer.from(JSON.stringify(['PRIORITY', 'ASC', '1 or 1=1', '2024-01-01T00:00:00.000000Z', '3'])).toString('base64url'),
    ],
    ['a key too few', Buffer.from(JSON.stringify(['PRIORITY', 'ASC', '1', '3'])).toString('base64url')],
    [
      'a number as a string of JSON',
      Buffer.from(JSON.stringify(['PRIORITY', 'ASC', 1, '2024-01-01T00:00:00.000000Z', 3])).toString('base64url'),
    ],
    ['30 February', Buffer.from(JSON.stringify(['PRIORITY', 'ASC', '1', '2026-02-30T10:00:00.000000Z', '3'])).toString('base64url')],
    ['year 0', Buffer.from(JSON.stringify(['PRIORITY', 'ASC', '1', '0000-01-01T00:00:00.000000Z', '3'])).toString('base64url')],
    [
      'a number past int4',
      Buffer.from(JSON.stringify(['PRIORITY', 'ASC', '1', '2026-01-01T00:00:00.000000Z', '2147483648'])).toString('base64url'),
    ],
    ['a cursor far too long', 'A'.repeat(5000)],
  ])('should refuse %s as after with BAD_USER_INPUT on after', async (_label, after) => {
    const result = await page(s.owner.uid, { f: inCategory({ field: 'PRIORITY', direction: 'ASC' }), first: 2, after });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  describe('bad orders and priorities', () => {
    const COUNTS = 'query($f: TicketFilter) { ticketCounts(filter: $f) { status count } }';

    it.each([[[0]], [[6]], [[2, 9]], [[-1]]])(
      'should refuse priorities %j with BAD_USER_INPUT on priorities, in lists and counts',
      async (priorities) => {
        const before = await databaseFingerprint(app);
        const listed = await page(s.supervisor.uid, { f: { priorities } });
        const counted = await app.gql(s.supervisor.uid, COUNTS, { f: { priorities } });
        for (const result of [listed, counted]) {
          expect(result.data ?? null).toBeNull();
          expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'priorities' });
        }
        expect(await databaseFingerprint(app)).toEqual(before);
      },
    );

    it.each([
      ['an unknown field', { field: 'SIZE' }],
      ['an unknown direction', { field: 'NUMBER', direction: 'UP' }],
      ['a null field', { field: null }],
      ['a number', 3],
    ])('should refuse orderBy with %s with BAD_USER_INPUT naming orderBy', async (_label, orderBy) => {
      const before = await databaseFingerprint(app);
      for (const result of [
        await page(s.supervisor.uid, { f: { orderBy } }),
        await app.gql(s.supervisor.uid, COUNTS, { f: { orderBy } }),
      ]) {
        expect(result.data ?? null).toBeNull();
        expect(errorCode(result)).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.extensions?.field).toMatch(/^orderBy/);
      }
      expect(await databaseFingerprint(app)).toEqual(before);
    });

    it('should refuse an order written in the document with BAD_USER_INPUT naming orderBy', async () => {
      const result = await app.gql(s.supervisor.uid, '{ tickets(filter: { orderBy: { field: SIZE } }) { edges { cursor } } }');
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('SIZE');
    });
  });
});

describe('ticket counts on demand', () => {
  const app = useTestApp();
  const s = useScene(app);
  let category: Category;
  const WORD = 'pelican';
  const MATCHES = 1005;

  beforeAll(async () => {
    category = await makeCategory(app.em(), s.department, unique('Nombreux '));
    await fileTicket(app, s.owner.uid, category.id, { subject: `Un ${WORD} égaré` });
    // Enough matching tickets to pass the search cap, written directly (the API would take minutes).
    await app.em().execute(
      `insert into ticket (subject, owner_id, creator_id, category_id, department_id, created_at, updated_at, last_activity_at)
       select 'Encore un ${WORD} ' || n, ?, ?, ?, ?, now(), now(), now() from generate_series(2, ?) n`,
      [s.owner.id, s.owner.id, category.id, s.department.id, MATCHES],
    );
    // As after any import: the word statistics tell the search that "égaré" is the rarer word (ticket-search.ts).
    await app.em().execute('analyze ticket_search');
  });

  const query = (selection: string, fragments = ''): string =>
    `query($f: TicketFilter) { tickets(filter: $f, first: 3) { ${selection} } } ${fragments}`;
  const counting = async (document: string, filter: Record<string, unknown>): Promise<{ data: unknown; counts: string[] }> => {
    const { result, statements } = await countingQueries(() => app.gql(s.owner.uid, document, { f: filter }), app);
    return { data: ok(result), counts: statements.filter((q) => /count\(/i.test(q)) };
  };

  it('should not count when neither totalCount nor totalCountCapped is asked', async () => {
    const { counts } = await counting(query('edges { node { id } }'), { categoryId: String(category.id) });
    expect(counts).toEqual([]);
  });

  it('should count once for both count fields, also through a fragment', async () => {
    const { data, counts } = await counting(
      query('...C edges { node { id } }', 'fragment C on TicketConnection { totalCount totalCountCapped }'),
      {
        categoryId: String(category.id),
      },
    );
    expect(counts).toHaveLength(1);
    expect(data).toEqual({ tickets: expect.objectContaining({ totalCount: MATCHES, totalCountCapped: false }) as unknown });
  });

  it('should stop counting a search at 1 000 and say so', async () => {
    const { data, counts } = await counting(query('totalCount totalCountCapped'), { search: WORD });
    expect(counts).toHaveLength(1);
    expect(counts[0]).toMatch(/limit/i);
    expect(data).toEqual({ tickets: { totalCount: 1000, totalCountCapped: true } });
  });

  it('should count a search below the cap exactly', async () => {
    const { data } = await counting(query('totalCount totalCountCapped'), { search: `${WORD} égaré` });
    expect(data).toEqual({ tickets: { totalCount: 1, totalCountCapped: false } });
  });
});
