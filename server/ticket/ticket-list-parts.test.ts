import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, makeScene, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { countingQueries } from '../../test/statements.js';
import { contextOf, type RequestContext } from '../auth/context.js';
import { loadViewer } from '../auth/viewer.js';
import type { TicketRecord } from '../model/ticket.entity.js';
import { listTickets } from './ticket-list.js';
import { TicketFieldsResolver } from './ticket-fields.resolver.js';
import { EVERY_PART, type TicketPart } from './ticket-parts.js';

/** What the list statement holds for each part when it joins it (ticket.rows.ts). */
const MARKS: Record<TicketPart, string> = {
  owner: 'row_owner',
  manager: 'row_manager',
  category: 'row_category',
  department: "'reopenDays'",
};

const WIDE_NODE = 'id subject status owner { uid displayName } manager { uid displayName } category { path } department { code }';
const list = (node: string): string => `{ tickets(first: 50) { edges { node { ${node} } } } }`;

interface Node {
  id: string;
  subject: string;
  status: string;
  owner?: { uid: string; displayName: string } | null;
  manager?: { uid: string; displayName: string } | null;
  category?: { path: string } | null;
  department?: { code: string } | null;
}
type Page = { tickets: { edges: { node: Node }[] } };

/** Lists read the parts of a ticket their query selects; what they leave out, the loaders still answer. */
describe('tickets lists read the parts their selection needs', () => {
  const app = useTestApp();
  const scene = useScene(app);

  beforeAll(async () => {
    // Two departments (the supervisor reads the other's SUBJECT_ONLY tickets subject-only), two categories, half taken.
    const other = await makeScene(app);
    const categories = [
      { id: scene.category.id, taker: scene.manager.uid },
      { id: (await makeCategory(app.em(), scene.department, unique('Wifi '))).id, taker: scene.manager2.uid },
      { id: other.category.id, taker: other.manager.uid },
    ];
    for (let i = 0; i < 12; i++) {
      const category = categories[i % categories.length];
      const visibility = ['PRIVATE', 'PUBLIC', 'SUBJECT_ONLY'][i % 3];
      const owner = [scene.owner, scene.stranger, other.owner][i % 3];
      const id = await fileTicket(app, owner.uid, category.id, { subject: `Partie ${i}`, visibility });
      if (i % 2 === 0) ok(await app.gql(category.taker, 'mutation($t: ID!) { takeTicket(ticketId: $t) { id } }', { t: id }));
    }
  });

  /** The answer and the statements of one list, after a warm-up (pool connections, prepared statements). */
  async function read(node: string): Promise<{ data: Page; statements: string[]; listSql: string }> {
    const uid = scene.supervisor.uid;
    ok(await app.gql(uid, list(node)));
    const { result, statements } = await countingQueries(() => app.gql<Page>(uid, list(node)), app);
    const listSql = statements.filter((sql) => /\bfrom ticket t\b/.test(sql));
    expect(listSql).toHaveLength(1);
    return { data: ok(result), statements, listSql: listSql[0] };
  }

  const joined = (sql: string): TicketPart[] => (Object.keys(MARKS) as TicketPart[]).filter((p) => sql.includes(MARKS[p]));
  const signIn = async (): Promise<number> =>
    (await countingQueries(() => app.gql(scene.supervisor.uid, '{ me { id } }'), app)).statements.length;
  const pick = (data: Page, keys: (keyof Node)[]): Partial<Node>[] =>
    data.tickets.edges.map((e) => Object.fromEntries(keys.map((k) => [k, e.node[k]])) as Partial<Node>);

  it('should read every part for a query selecting them all (the statement the lists sent before)', async () => {
    const wide = await read(WIDE_NODE);
    expect(joined(wide.listSql)).toEqual(['owner', 'manager', 'category', 'department']);
    expect(wide.data.tickets.edges).toHaveLength(12);
    const nodes = wide.data.tickets.edges.map((e) => e.node);
    // Some full readers with and without a manager, some subject-only ones (people hidden): the comparisons below see all three.
    expect(nodes.some((n) => n.manager)).toBe(true);
    expect(nodes.some((n) => n.owner && !n.manager)).toBe(true);
    expect(nodes.some((n) => n.owner === null)).toBe(true);
    expect(wide.statements.length, wide.statements.join('\n')).toBe((await signIn()) + 1);
  });

  it('should read no part for id, subject and status, and answer as the full read does', async () => {
    const narrow = await read('id subject status');
    expect(joined(narrow.listSql)).toEqual([]);
    expect(narrow.listSql).not.toContain('json_build_object');
    expect(narrow.statements.length, narrow.statements.join('\n')).toBe((await signIn()) + 1);
    const wide = await read(WIDE_NODE);
    expect(narrow.data.tickets.edges.map((e) => e.node)).toEqual(pick(wide.data, ['id', 'subject', 'status']));
  });

  it('should read owner and manager only when they are selected, in as many statements, with the same answers', async () => {
    const people = await read('id owner { uid displayName } manager { uid displayName }');
    expect(joined(people.listSql)).toEqual(['owner', 'manager']);
    expect(people.statements.length, people.statements.join('\n')).toBe((await signIn()) + 1);
    const wide = await read(WIDE_NODE);
    expect(people.data.tickets.edges.map((e) => e.node)).toEqual(pick(wide.data, ['id', 'owner', 'manager']));
  });

  it('should answer a part the list did not read through its loader: one statement per kind for the page, the same values', async () => {
    const em = app.em();
    const resolver = new TicketFieldsResolver();
    /** Every ticket's owner, manager, category and department, asked of the field resolvers in one tick as graphql-js does. */
    const parts = (ctx: RequestContext, rows: TicketRecord[]): Promise<unknown[]> =>
      Promise.all(
        rows.map((row) =>
          Promise.all([
            resolver.owner(row, ctx),
            resolver.manager(row, ctx),
            resolver.category(row, ctx),
            resolver.department(row, ctx),
          ]).then(([owner, manager, category, department]) => ({ id: row.id, owner, manager, category, department })),
        ),
      );
    const viewer = await loadViewer(em, scene.supervisor);
    const full = contextOf(app.em(), viewer, app.hooks, unique('full-'));
    const fullParts = await parts(full, (await listTickets(full, {}, 50, null, {}, EVERY_PART)).tickets);

    const bare = contextOf(app.em(), viewer, app.hooks, unique('bare-'));
    const page = await listTickets(bare, {}, 50, null, {}, new Set());
    const { result, statements } = await countingQueries(() => parts(bare, page.tickets), app);
    expect(result).toEqual(fullParts);
    expect(result.some((r) => (r as { manager: unknown }).manager)).toBe(true);
    // People (owners and managers together), categories, departments: one statement each, whatever the page's size.
    expect(statements, statements.join('\n')).toHaveLength(3);
    expect(statements.filter((sql) => sql.includes('from app_user'))).toHaveLength(1);
  });
});
