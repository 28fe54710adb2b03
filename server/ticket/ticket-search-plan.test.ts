import { beforeAll, describe, expect, it } from 'vitest';
import { fillBenchData } from '../../bench/data/generate.js';
import { readableTicketsSql } from '../policies/ticket.policy.js';
import { User } from '../model/user.entity.js';
import { loadViewer, type Viewer } from '../auth/viewer.js';
import { useTestApp } from '../../test/fixture.js';
import { ticketSearchSql, type SearchWay } from './ticket-search.js';

/** A plan node of EXPLAIN (FORMAT JSON), the parts read here. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

/**
 * The search must stay an index lookup as tickets pile up: with a few thousand generated tickets of
 * realistic French text (bench/data) and fresh statistics, a search by candidates must take them from
 * the GIN indexes of the stored words and look the tickets up by number, and a walk must follow the
 * list's index, never reading ticket, ticket_event or ticket_search whole.
 */
describe('search query plans', () => {
  const app = useTestApp();
  const viewers: Record<string, Viewer> = {};

  beforeAll(async () => {
    await fillBenchData(app.databaseUrl, { tickets: 5000, seed: 7 });
    const em = app.em();
    for (const uid of ['bench.admin', 'gest.dnum.2', 'etu000001'])
      viewers[uid] = await loadViewer(em, await em.findOneOrFail(User, { uid }));
  }, 120_000);

  /** The list's two statements for a search, planned by PostgreSQL: a page by last activity, and its count; and the way taken. */
  const plans = async (viewer: Viewer, text: string, way?: SearchWay): Promise<{ way: string; page: PlanNode[]; count: PlanNode[] }> => {
    const em = app.em();
    const explain = async (sql: string, params: unknown[]): Promise<PlanNode[]> => {
      const [row] = await em.execute<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(`explain (format json) ${sql}`, params);
      return flatten(row['QUERY PLAN'][0].Plan);
    };
    const readable = readableTicketsSql(viewer);
    const search = await ticketSearchSql(em, viewer, text, way);
    const where = `from ticket t join department d on d.id = t.department_id where ${readable.sql} and ${search.sql}`;
    const params = [...readable.params, ...search.params];
    return {
      way: search.way,
      page: await explain(`select t.id ${where} order by t.last_activity_at desc, t.id desc limit 26`, params),
      count: await explain(`select count(*) from (select 1 ${where} limit 1001) m`, params),
    };
  };
  const summary = (nodes: PlanNode[]): string =>
    nodes.map((n) => `${n['Node Type']} ${n['Relation Name'] ?? ''} ${n['Index Name'] ?? ''}`.trim()).join(' | ');
  const uses = (nodes: PlanNode[], index: string): boolean => nodes.some((n) => n['Index Name'] === index);

  const expectNoSeqScan = (all: PlanNode[][]): void => {
    for (const nodes of all) {
      const seqScans = nodes.filter(
        (n) => n['Node Type'] === 'Seq Scan' && ['ticket', 'ticket_event', 'ticket_search'].includes(n['Relation Name'] ?? ''),
      );
      expect(seqScans, summary(nodes)).toEqual([]);
    }
  };

  for (const uid of ['bench.admin', 'gest.dnum.2', 'etu000001']) {
    for (const text of ['photocopieuse', 'serrure', 'sismographe badge', 'connexion serrure', 'imprimante wifi']) {
      it(`should find the rare "${text}" for ${uid} by its candidates from the GIN indexes, reading no table whole`, async () => {
        const { way, page, count } = await plans(viewers[uid], text);
        expect(way).toBe('candidates');
        expectNoSeqScan([page, count]);
        for (const nodes of [page, count]) {
          expect(uses(nodes, 'ticket_event_search_index'), summary(nodes)).toBe(true);
          expect(uses(nodes, 'ticket_search_document_index'), summary(nodes)).toBe(true);
          expect(uses(nodes, 'ticket_pkey'), summary(nodes)).toBe(true);
        }
      });
    }
    // "connexion" is in about a quarter of the tickets, "bonjour" in half.
    for (const text of ['connexion', 'bonjour', 'mot de passe']) {
      it(`should walk the list's index for the common "${text}" for ${uid}, stopping at the page or the count's cap`, async () => {
        const { page, count } = await plans(viewers[uid], text, 'walk');
        expectNoSeqScan([page]);
        expect(uses(page, 'ticket_last_activity_at_id_index'), summary(page)).toBe(true);
        // The count needs no order: it may read the table in its own order, but stops at the cap.
        expect(count[1]['Node Type'], summary(count)).toBe('Limit');
      });
    }
  }

  it('should have generated enough tickets for the planner to care', async () => {
    const [row] = await app.em().execute<{ n: string }[]>('select count(*) as n from ticket');
    expect(Number(row.n)).toBe(5000);
  });
});
