import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { countingQueries } from '../../test/statements.js';
import type { Category } from '../model/category.entity.js';

/** ticketCounts(filter): the queue tabs, one GROUP BY, open statuses unless asked, the read rules of tickets(). */

const COUNTS = 'query($f: TicketFilter) { ticketCounts(filter: $f) { status count } }';
const ALL = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED', 'CLOSED', 'APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED'];
type Counts = { status: string; count: number }[];

describe('ticketCounts', () => {
  const app = useTestApp();
  const s = useScene(app);
  const other = useScene(app);
  let sub: Category;

  const counts = async (uid: string, f?: Record<string, unknown>): Promise<Counts> =>
    ok(await app.gql<{ ticketCounts: Counts }>(uid, COUNTS, { f })).ticketCounts;
  /** Runs one action; `call` uses $id, and $m (a message) or $u (a date) when it needs them. */
  const act = (uid: string, call: string, id: string): Promise<unknown> => {
    const declared = ['$id: ID!', call.includes('$m') && '$m: String!', call.includes('$u') && '$u: DateTime!'].filter(Boolean).join(', ');
    return app
      .gql(uid, `mutation(${declared}) { r: ${call} { id } }`, {
        id,
        m: '<p>Motif.</p>',
        u: new Date(Date.now() + 86_400_000).toISOString(),
      })
      .then(ok);
  };

  beforeAll(async () => {
    sub = await makeCategory(app.em(), s.department, unique('Sous '), s.category);
    const file = (category = s.category.id): Promise<string> => fileTicket(app, s.owner.uid, category);
    await file();
    await file(sub.id);
    const taken = await file();
    await act(s.manager.uid, 'takeTicket(ticketId: $id)', taken);
    const incomplete = await file(sub.id);
    await act(s.manager.uid, 'takeTicket(ticketId: $id)', incomplete);
    await act(s.manager.uid, 'requestInformation(ticketId: $id, message: $m)', incomplete);
    const postponed = await file();
    await act(s.manager.uid, 'takeTicket(ticketId: $id)', postponed);
    await act(s.manager.uid, 'postponeTicket(ticketId: $id, until: $u)', postponed);
    await act(s.owner.uid, 'closeTicket(ticketId: $id)', await file());
    await act(s.owner.uid, 'cancelTicket(ticketId: $id)', await file(sub.id));
    await fileTicket(app, other.owner.uid, other.category.id);
  });

  it("should count the department's open tickets per status, zero included, never a closed one", async () => {
    expect(await counts(s.supervisor.uid, { involvement: 'DEPARTMENT' })).toEqual([
      { status: 'FREE', count: 2 },
      { status: 'IN_PROGRESS', count: 1 },
      { status: 'INCOMPLETE', count: 1 },
      { status: 'POSTPONED', count: 1 },
    ]);
  });

  it('should count exactly the statuses asked, in the enum order, zero included', async () => {
    expect(
      await counts(s.supervisor.uid, { involvement: 'DEPARTMENT', statuses: ['EXPIRED', 'APPROVED', 'FREE', 'CANCELLED', 'FREE'] }),
    ).toEqual([
      { status: 'FREE', count: 2 },
      { status: 'APPROVED', count: 1 },
      { status: 'CANCELLED', count: 1 },
      { status: 'EXPIRED', count: 0 },
    ]);
  });

  it('should apply the filter, sub-categories included', async () => {
    expect(await counts(s.supervisor.uid, { categoryId: String(s.category.id), statuses: ALL })).toEqual(
      ALL.map((status) => ({
        status,
        count: { FREE: 2, IN_PROGRESS: 1, INCOMPLETE: 1, POSTPONED: 1, APPROVED: 1, CANCELLED: 1 }[status] ?? 0,
      })),
    );
    expect(await counts(s.supervisor.uid, { categoryId: String(sub.id) })).toEqual([
      { status: 'FREE', count: 1 },
      { status: 'IN_PROGRESS', count: 0 },
      { status: 'INCOMPLETE', count: 1 },
      { status: 'POSTPONED', count: 0 },
    ]);
  });

  it('should run one statement, grouped by status and limited to the open statuses when none is asked', async () => {
    const { result, statements } = await countingQueries(
      () => app.gql(s.supervisor.uid, COUNTS, { f: { involvement: 'DEPARTMENT' } }),
      app,
    );
    ok(result);
    const grouped = statements.filter((q) => /group by/i.test(q));
    const counting = statements.filter((q) => /count\(/i.test(q));
    expect(grouped).toHaveLength(1);
    expect(counting).toEqual(grouped);
    expect(grouped[0]).toMatch(/t\.status = any/);
  });

  it('should follow the read rules of tickets(): nobody counts what they may not list', async () => {
    const viewers = [s.owner.uid, s.stranger.uid, s.manager.uid, other.supervisor.uid, s.admin.uid];
    const filters = [{}, { involvement: 'OWNER' }, { involvement: 'DEPARTMENT' }, { departmentId: String(s.department.id) }];
    for (const uid of viewers) {
      for (const filter of filters) {
        const byStatus = await counts(uid, { ...filter, statuses: ALL });
        const listed = ok(
          await app.gql<{ tickets: { totalCount: number; edges: { node: { status: string } }[] } }>(
            uid,
            'query($f: TicketFilter) { tickets(filter: $f, first: 100) { totalCount edges { node { status } } } }',
            { f: filter },
          ),
        ).tickets;
        const label = `${uid} ${JSON.stringify(filter)}`;
        expect(
          byStatus.reduce((n, c) => n + c.count, 0),
          label,
        ).toBe(listed.totalCount);
        for (const { status, count } of byStatus) expect(listed.edges.filter((e) => e.node.status === status).length, label).toBe(count);
      }
    }
    // The stranger reads none of the owner's PRIVATE tickets.
    expect((await counts(s.stranger.uid)).every((c) => c.count === 0)).toBe(true);
  });
});
