import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { loadViewer } from '../auth/viewer.js';
import { readableTicketsSql } from '../policies/ticket.policy.js';
import { User } from '../model/user.entity.js';
import { COMMON, SEARCH_WINDOW, ticketSearchSql } from './ticket-search.js';
import { TICKETS_FROM } from './ticket-filter.js';

/**
 * A common search (at least COMMON of the newest tickets hold its words) walks the tickets newest
 * first instead of asking the GIN index: the read rules must hold there just the same, and its window
 * must leave older tickets out and say so.
 */
describe('common search', () => {
  const app = useTestApp();
  const s = useScene(app);
  let guest: User;
  const open: string[] = [];
  let noted = '';

  const LIST = 'query($f: TicketFilter) { tickets(filter: $f, first: 100) { totalCount totalCountCapped edges { node { id } } } }';
  interface Found {
    tickets: { totalCount: number; totalCountCapped: boolean; edges: { node: { id: string } }[] };
  }
  const search = async (uid: string, text: string): Promise<{ ids: string[]; count: number; capped: boolean }> => {
    const data = ok(await app.gql<Found>(uid, LIST, { f: { search: text } }));
    const ids = data.tickets.edges.map((e) => e.node.id).sort((a, b) => Number(a) - Number(b));
    return { ids, count: data.tickets.totalCount, capped: data.tickets.totalCountCapped };
  };

  beforeAll(async () => {
    guest = await makeUser(app.em(), unique('guest'));
    for (let i = 1; i <= COMMON + 1; i++) open.push(await fileTicket(app, s.owner.uid, s.category.id, { subject: `Le zébu numéro ${i}` }));
    // The word only in an internal note, on the newest ticket.
    noted = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Casque audio', message: '<p>Il grésille.</p>' });
    ok(
      await app.gql(s.owner.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', {
        id: noted,
        u: guest.uid,
      }),
    );
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!, $m: String!) { addComment(ticketId: $id, message: $m, visibility: STAFF) { id } }', {
        id: noted,
        m: '<p>Le zébu caché du bureau.</p>',
      }),
    );
  });

  it('should find the tickets whose readable parts hold the word, and count them exactly while the table is smaller than the window', async () => {
    expect(await search(s.owner.uid, 'Zébu')).toEqual({ ids: open, count: open.length, capped: false });
  });

  it('should never let an internal note make a ticket match for its owner or an invitee, but should for staff', async () => {
    expect((await search(s.owner.uid, 'zébu')).ids).not.toContain(noted);
    expect((await search(guest.uid, 'zébu')).ids).toEqual([]);
    expect((await search(s.manager2.uid, 'zébu')).ids).toEqual([...open, noted]);
    expect((await search(s.admin.uid, 'zébu')).ids).toEqual([...open, noted]);
  });

  it('should judge negations on the part the viewer reads', async () => {
    expect((await search(s.manager2.uid, 'zébu -caché')).ids).toEqual(open);
    expect((await search(s.owner.uid, 'zébu -caché')).ids).toEqual(open);
  });

  it('should look through the window of the newest tickets only, and say that it is bounded', async () => {
    const em = app.em();
    const viewer = await loadViewer(em, await em.findOneOrFail(User, { id: s.manager2.id }));
    // The three newest: the noted ticket (its note came last), then the last two filed.
    const found = await ticketSearchSql(em, viewer, 'zébu', 3);
    expect(found.bounded).toBe(true);
    const readable = readableTicketsSql(viewer);
    const rows = await em.execute<{ id: number }[]>(`select t.id ${TICKETS_FROM} where ${readable.sql} and ${found.sql} order by t.id`, [
      ...readable.params,
      ...found.params,
    ]);
    expect(rows.map((r) => String(r.id))).toEqual([...open.slice(-2), noted]);
  });

  it("should rank the newest of a rare search's candidates by number, and say that it is bounded", async () => {
    const rare: string[] = [];
    for (let i = 1; i <= 3; i++) rare.push(await fileTicket(app, s.owner.uid, s.category.id, { subject: `Le gnou numéro ${i}` }));
    const em = app.em();
    const viewer = await loadViewer(em, await em.findOneOrFail(User, { id: s.manager2.id }));
    // Fewer than COMMON matches: the index's candidates, at most two of them here.
    const found = await ticketSearchSql(em, viewer, 'gnou', SEARCH_WINDOW, 2);
    expect(found.bounded).toBe(true);
    const readable = readableTicketsSql(viewer);
    const rows = await em.execute<{ id: number }[]>(`select t.id ${TICKETS_FROM} where ${readable.sql} and ${found.sql} order by t.id`, [
      ...readable.params,
      ...found.params,
    ]);
    expect(rows.map((r) => String(r.id))).toEqual(rare.slice(-2));
  });
});
