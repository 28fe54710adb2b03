import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillBenchData } from '../../bench/data/generate.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { readableTicketsSql } from '../policies/ticket.policy.js';
import { User } from '../user/user.entity.js';
import { loadViewer, type Viewer } from '../auth/viewer.js';
import { ticketSearchSql } from './ticket.search.js';

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
 * realistic French text (bench/data) and fresh statistics, the planner itself must choose the GIN
 * index of the stored documents over reading ticket, ticket_event or ticket_search whole.
 */
describe('search query plans', () => {
  let app: TestApp;
  const viewers: Record<string, Viewer> = {};

  beforeAll(async () => {
    app = await startTestApp();
    await fillBenchData(app.databaseUrl, { tickets: 5000, seed: 7 });
    const em = app.em();
    for (const uid of ['bench.admin', 'gest.dnum.2', 'etu000001'])
      viewers[uid] = await loadViewer(em, await em.findOneOrFail(User, { uid }));
  }, 120_000);
  afterAll(() => app.stop());

  /** The list's two statements (a page by last activity, and its count) over the search condition, planned by PostgreSQL. */
  const plans = async (viewer: Viewer, text: string): Promise<PlanNode[][]> => {
    const readable = readableTicketsSql(viewer);
    const search = ticketSearchSql(viewer, text);
    const where = `from ticket t join department d on d.id = t.department_id where ${readable.sql} and ${search.sql}`;
    const params = [...readable.params, ...search.params];
    const statements = [`select t.id ${where} order by t.last_activity_at desc, t.id desc limit 26`, `select count(*) ${where}`];
    const out: PlanNode[][] = [];
    for (const sql of statements) {
      const [row] = await app.em().execute<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(`explain (format json) ${sql}`, params);
      out.push(flatten(row['QUERY PLAN'][0].Plan));
    }
    return out;
  };

  for (const uid of ['bench.admin', 'gest.dnum.2', 'etu000001']) {
    for (const text of ['photocopieuse', 'serrure', 'sismographe badge', 'connexion serrure', 'imprimante wifi']) {
      it(`should find "${text}" for ${uid} through the search index, reading no table whole`, async () => {
        for (const nodes of await plans(viewers[uid], text)) {
          const summary = nodes.map((n) => `${n['Node Type']} ${n['Relation Name'] ?? ''} ${n['Index Name'] ?? ''}`.trim());
          const seqScans = nodes.filter(
            (n) => n['Node Type'] === 'Seq Scan' && ['ticket', 'ticket_event', 'ticket_search'].includes(n['Relation Name'] ?? ''),
          );
          expect(seqScans, summary.join(' | ')).toEqual([]);
          expect(
            nodes.some((n) => n['Index Name'] === 'ticket_search_document_index'),
            summary.join(' | '),
          ).toBe(true);
        }
      });
    }
  }

  it('should have generated enough tickets for the planner to care', async () => {
    const [row] = await app.em().execute<{ n: string }[]>('select count(*) as n from ticket');
    expect(Number(row.n)).toBe(5000);
  });
});
