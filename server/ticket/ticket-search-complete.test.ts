import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fillBenchData } from '../../bench/data/generate.js';
import { useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { loadViewer } from '../auth/viewer.js';
import { User } from '../model/user.entity.js';
import { readableTicketsSql } from '../policies/ticket.policy.js';
import { TICKETS_FROM } from './ticket-filter.js';
import { CANDIDATE_LIMIT, searchTuning, ticketSearchSql } from './ticket-search.js';

const PAGE = `query($s: String, $after: String, $o: TicketOrder) { tickets(first: 100, after: $after, filter: { search: $s, orderBy: $o }) {
  pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
interface Page {
  tickets: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };
}

/**
 * Search is complete: paging through a search (100 a page, following endCursor, as a client does)
 * reaches exactly the tickets a full scan finds — every ticket the viewer may read whose readable
 * parts hold the words — for common and rare words, several words, a negation, a phrase, as an admin
 * and as a department's manager, by either way of finding (the GIN candidates, or a walk of the
 * list, which a large table takes for common words: forced here by lowering the limit).
 */
describe('complete search', () => {
  const app = useTestApp();

  beforeAll(async () => {
    // Generated French tickets with their history (bench/data), analyzed as after an import.
    await fillBenchData(app.databaseUrl, { tickets: 3000, seed: 11 });
  }, 180_000);

  afterEach(() => {
    searchTuning.candidateLimit = CANDIDATE_LIMIT;
  });

  const paged = async (uid: string, text: string, order?: Record<string, string>): Promise<{ ids: string[]; pages: number }> => {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: Page = ok(await app.gql<Page>(uid, PAGE, { s: text, after, o: order ?? null }));
      pages++;
      ids.push(...data.tickets.edges.map((e) => e.node.id));
      if (!data.tickets.pageInfo.hasNextPage) return { ids, pages };
      after = data.tickets.pageInfo.endCursor;
    }
  };

  /** The full scan: one statement judging every ticket of the table, no candidates, no order, no page. */
  const fullScan = async (uid: string, text: string): Promise<string[]> => {
    const em = app.em();
    const viewer = await loadViewer(em, await em.findOneOrFail(User, { uid }));
    const readable = readableTicketsSql(viewer);
    const search = await ticketSearchSql(em, viewer, text, 'walk');
    const rows = await em.execute<{ id: number }[]>(`select t.id ${TICKETS_FROM} where ${readable.sql} and ${search.judged.sql}`, [
      ...readable.params,
      ...search.judged.params,
    ]);
    return rows.map((r) => String(r.id));
  };

  const sorted = (ids: string[]): string[] => [...ids].sort((a, b) => Number(a) - Number(b));

  // "bonjour" is in half the tickets, "connexion" a quarter, "serrure" a few; "connexion imprimante" sit in different parts.
  const WORDS = ['bonjour', 'serrure', 'connexion imprimante', 'imprimante -wifi', 'mot de passe', 'wifi or photocopieuse'];

  for (const uid of ['bench.admin', 'gest.dnum.2']) {
    for (const way of ['candidates', 'walk'] as const) {
      it(`should reach by paging exactly what a full scan finds, as ${uid}, ${way === 'walk' ? 'walking the list' : 'by the candidates'}`, async () => {
        if (way === 'walk') searchTuning.candidateLimit = -1;
        for (const text of WORDS) {
          const { ids, pages } = await paged(uid, text);
          const full = await fullScan(uid, text);
          expect(new Set(ids).size, `"${text}": no ticket twice`).toBe(ids.length);
          expect(sorted(ids), `"${text}"`).toEqual(sorted(full));
          expect(full.length, `"${text}" finds something`).toBeGreaterThan(0);
          if (text === 'bonjour') expect(pages, 'several pages').toBeGreaterThan(3);
        }
      }, 120_000);
    }
  }

  it('should page to the end in another order too (by number, oldest first)', async () => {
    searchTuning.candidateLimit = -1;
    const { ids } = await paged('gest.dnum.2', 'connexion', { field: 'NUMBER', direction: 'ASC' });
    expect(ids).toEqual(sorted(await fullScan('gest.dnum.2', 'connexion')));
  }, 60_000);

  it('should take the way the statistics say: the candidates for a rare word, a walk for a common one past the limit', async () => {
    const em = app.em();
    const viewer = await loadViewer(em, await em.findOneOrFail(User, { uid: 'gest.dnum.2' }));
    expect((await ticketSearchSql(em, viewer, 'serrure')).way).toBe('candidates');
    searchTuning.candidateLimit = 100;
    expect((await ticketSearchSql(em, viewer, 'bonjour')).way).toBe('walk');
    expect((await ticketSearchSql(em, viewer, 'serrure')).way).toBe('candidates');
    // A negation alone restricts nothing: the search walks.
    expect((await ticketSearchSql(em, viewer, '-bonjour')).way).toBe('walk');
  });
});
