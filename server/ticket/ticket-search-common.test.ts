import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { loadViewer } from '../auth/viewer.js';
import { readableTicketsSql } from '../policies/ticket.policy.js';
import { User } from '../model/user.entity.js';
import { candidateQuery, parseTsquery, ticketSearchSql, type WordStatistics } from './ticket-search.js';
import { TICKETS_FROM } from './ticket-filter.js';

/**
 * A search takes its candidates from the GIN indexes or walks the list in its order (ticket-search.ts):
 * the read rules must hold the same either way, judged on the ticket's readable parts joined.
 */
describe('search ways', () => {
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
    for (let i = 1; i <= 6; i++) open.push(await fileTicket(app, s.owner.uid, s.category.id, { subject: `Le zébu numéro ${i}` }));
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

  it('should find the same tickets by the GIN candidates and by walking the list, with no window', async () => {
    const em = app.em();
    const viewer = await loadViewer(em, await em.findOneOrFail(User, { id: s.manager2.id }));
    const readable = readableTicketsSql(viewer);
    for (const text of ['zébu', 'zébu -caché', 'zébu or gnou', 'numéro zébu']) {
      const found: string[][] = [];
      for (const way of ['candidates', 'walk'] as const) {
        const search = await ticketSearchSql(em, viewer, text, way);
        expect(search.way).toBe(way);
        const rows = await em.execute<{ id: number }[]>(
          `select t.id ${TICKETS_FROM} where ${readable.sql} and ${search.sql} order by t.id`,
          [...readable.params, ...search.params],
        );
        found.push(rows.map((r) => String(r.id)));
      }
      expect(found[1], text).toEqual(found[0]);
      expect(found[0].length, text).toBeGreaterThan(0);
    }
  });
});

describe('candidate query', () => {
  const stats: WordStatistics = {
    rows: 1000,
    frequencies: new Map([
      ['bonjour', 0.5],
      ['connexion', 0.25],
    ]),
    otherwise: 0.001,
  };
  const candidates = (tree: string): { query: string; parts: number } | null => {
    const node = parseTsquery(tree);
    return node && candidateQuery(node, stats);
  };

  it('should take the rarer side of an AND or a phrase: every match has a part holding it', () => {
    expect(candidates("'bonjour' & 'imprim'")).toEqual({ query: "'imprim'", parts: 1 });
    expect(candidates("'connexion' <-> 'bonjour'")).toEqual({ query: "'connexion'", parts: 250 });
    expect(candidates("'connexion' <2> 'bonjour' & 'wifi'")).toEqual({ query: "'wifi'", parts: 1 });
  });

  it('should need both sides of an OR, and give up on a negation (the search walks)', () => {
    expect(candidates("'bonjour' | 'imprim'")).toEqual({ query: "('bonjour') | ('imprim')", parts: 501 });
    expect(candidates("( 'bonjour' | 'wifi' ) & 'connexion'")).toEqual({ query: "'connexion'", parts: 250 });
    expect(candidates("!'bonjour'")).toBeNull();
    expect(candidates('T')).toBeNull();
  });

  it('should keep prefixes and quote lexemes holding quotes', () => {
    expect(candidates("'bonj':*")).toEqual({ query: "'bonj':*", parts: 501 });
    expect(candidates("'l''avion'")).toEqual({ query: "'l''avion'", parts: 1 });
  });

  it('should refuse what it cannot read rather than guess', () => {
    expect(parseTsquery("'a' & ")).toBeNull();
    expect(parseTsquery("( 'a' | 'b'")).toBeNull();
  });
});
