import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import type { User } from '../model/user.entity.js';

/** `tickets(filter: { search })`: French full-text search over the subject and the readable entries. */
describe('ticket search', () => {
  const app = useTestApp();
  const s = useScene(app);
  let guest: User;
  const T: Record<string, string> = {};

  const LIST = 'query($f: TicketFilter) { tickets(filter: $f, first: 100) { totalCount edges { node { id } } } }';
  /** The ids found (sorted) for the filter; also checks that totalCount counts exactly them. */
  const find = async (uid: string, filter: Record<string, unknown>): Promise<string[]> => {
    const data = ok(await app.gql<{ tickets: { totalCount: number; edges: { node: { id: string } }[] } }>(uid, LIST, { f: filter }));
    const ids = data.tickets.edges.map((e) => e.node.id);
    expect(data.tickets.totalCount, `totalCount for ${JSON.stringify(filter)}`).toBe(ids.length);
    return ids.sort((a, b) => Number(a) - Number(b));
  };
  const search = (text: string, uid = s.owner.uid): Promise<string[]> => find(uid, { search: text });
  const ids = (...names: string[]): string[] => names.map((n) => T[n]).sort((a, b) => Number(a) - Number(b));

  beforeAll(async () => {
    guest = await makeUser(app.em(), unique('guest'));
    const file = async (name: string, subject: string, message: string): Promise<void> => {
      T[name] = await fileTicket(app, s.owner.uid, s.category.id, { subject, message });
    };
    await file('printer', 'Imprimante en panne', '<p>Celle du bureau douze ne répond plus.</p>');
    await file('wifi', 'Problème de connexion', '<p>Le <strong>réseau</strong> wifi est très lent.</p>');
    await file('cut', 'RESEAU coupé au bâtiment B', '<p>Plus rien ne passe.</p>');
    await file('mouse', 'Souris sans fil', '<p>Elle ne répond plus depuis hier.</p>');
    await file('keyboard', 'Clavier cassé', '<p>Le fil de la souris est arraché aussi.</p>');
    await file('black', 'Écran noir', '<p>Il reste noir au démarrage.</p>');
    await file('blink', 'Écran qui clignote', '<p>Depuis la mise à jour.</p>');
    const comment = (name: string, uid: string, m: string, visibility: string | null = null): Promise<unknown> =>
      app
        .gql(
          uid,
          'mutation($id: ID!, $m: String!, $v: EntryVisibility) { addComment(ticketId: $id, message: $m, visibility: $v) { id } }',
          { id: T[name], m, v: visibility },
        )
        .then(ok);
    await comment('printer', s.owner.uid, '<p>Toujours rien, pauvre kangourou.</p>');
    await comment('blink', s.manager.uid, '<p>Pilote graphique, licorne.</p>', 'STAFF');
    ok(await app.gql(s.owner.uid, 'mutation($id: ID!) { cancelTicket(ticketId: $id) { id } }', { id: T.black }));
    ok(
      await app.gql(s.owner.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', {
        id: T.blink,
        u: guest.uid,
      }),
    );
  });

  describe('French language', () => {
    it('should stem: "imprimantes" finds "Imprimante"', async () => {
      expect(await search('imprimantes')).toEqual(ids('printer'));
    });
    it('should stem verbs: "répondait" finds "répond"', async () => {
      expect(await search('répondait')).toEqual(ids('printer', 'mouse'));
    });
    it('should ignore accents in the search: "reseau" finds "réseau" and "RESEAU"', async () => {
      expect(await search('reseau')).toEqual(ids('wifi', 'cut'));
    });
    it('should ignore accents and case in the text: "RÉSEAU" finds "reseau" and "réseau"', async () => {
      expect(await search('RÉSEAU')).toEqual(ids('wifi', 'cut'));
    });
    it('should match plural and accents together: "écrans" finds "Écran"', async () => {
      expect(await search('ecrans')).toEqual(ids('black', 'blink'));
      expect(await search('ÉCRANS')).toEqual(ids('black', 'blink'));
    });
    it('should ignore French stop words: "le la de" finds nothing rather than everything', async () => {
      expect(await search('le la de')).toEqual([]);
    });
  });

  describe('where words are found', () => {
    it('should find a word of the subject', async () => {
      expect(await search('clavier')).toEqual(ids('keyboard'));
    });
    it('should find a word of the description (the CREATED entry)', async () => {
      expect(await search('bureau')).toEqual(ids('printer'));
    });
    it('should find a word of a visible comment', async () => {
      expect(await search('kangourou')).toEqual(ids('printer'));
    });
    it('should not find a word of an internal note for the owner or an invitee, but should for staff', async () => {
      expect(await search('licorne')).toEqual([]);
      expect(await search('licorne', guest.uid)).toEqual([]);
      expect(await search('licorne', s.manager2.uid)).toEqual(ids('blink'));
    });
    it('should not match HTML tags: "strong" does not find <strong>réseau</strong>', async () => {
      expect(await search('strong')).toEqual([]);
      expect(await search('p')).toEqual([]);
    });
    it("should not find another user's private tickets", async () => {
      expect(await search('imprimante', s.stranger.uid)).toEqual([]);
    });
  });

  describe('combined with other filters', () => {
    it('should combine with statuses', async () => {
      expect(await find(s.owner.uid, { search: 'écran', statuses: ['CANCELLED'] })).toEqual(ids('black'));
      expect(await find(s.owner.uid, { search: 'écran', statuses: ['FREE', 'IN_PROGRESS'] })).toEqual(ids('blink'));
      expect(await find(s.owner.uid, { search: 'écran', statuses: ['APPROVED'] })).toEqual([]);
    });
    it('should combine with involvement', async () => {
      expect(await find(s.owner.uid, { search: 'écran', involvement: 'OWNER' })).toEqual(ids('black', 'blink'));
      expect(await find(s.owner.uid, { search: 'écran', involvement: 'INVITED' })).toEqual([]);
      expect(await find(guest.uid, { search: 'écran', involvement: 'INVITED' })).toEqual(ids('blink'));
      expect(await find(guest.uid, { search: 'écran', involvement: 'OWNER' })).toEqual([]);
      expect(await find(s.manager.uid, { search: 'écran', involvement: 'DEPARTMENT' })).toEqual(ids('black', 'blink'));
    });
    it('should combine with the department and the category', async () => {
      expect(await find(s.owner.uid, { search: 'clavier', departmentId: String(s.department.id) })).toEqual(ids('keyboard'));
      expect(await find(s.owner.uid, { search: 'clavier', categoryId: String(s.category.id) })).toEqual(ids('keyboard'));
    });
  });

  describe('web search syntax', () => {
    it('should require every word: "souris fil" finds both, "souris clignote" none', async () => {
      expect(await search('souris fil')).toEqual(ids('mouse', 'keyboard'));
      expect(await search('souris clignote')).toEqual([]);
    });
    it('should exclude a word with "-": "écran -noir"', async () => {
      expect(await search('écran -noir')).toEqual(ids('blink'));
    });
    it('should match a quoted phrase only in that order: "souris sans fil" but not "fil souris"', async () => {
      expect(await search('"souris sans fil"')).toEqual(ids('mouse'));
      expect(await search('"fil souris"')).toEqual([]);
    });
    it('should accept "or"', async () => {
      expect(await search('clavier or kangourou')).toEqual(ids('printer', 'keyboard'));
    });
    it('should not fail on operators and quotes of raw tsquery syntax', async () => {
      for (const text of ["'):* & | !(", 'écran & | <-> noir', '"', '-', "l'imprimante", '\\']) {
        const r = await app.gql(s.owner.uid, LIST, { f: { search: text } });
        expect(r.errors, text).toBeUndefined();
      }
      expect(await search("l'imprimante")).toEqual(ids('printer'));
    });
    it('should find words that sit in different parts of the ticket (subject and description)', async () => {
      // "Imprimante" is in the subject, "bureau" in the description: one ticket holds both words.
      expect(await search('imprimante bureau')).toEqual(ids('printer'));
    });
    it('should exclude a ticket whose description holds the excluded word even when its subject matches', async () => {
      // "Imprimante" is in the printer ticket's subject, "bureau" in its description.
      expect(await search('imprimante -bureau')).toEqual([]);
      expect(await search('imprimante -clavier')).toEqual(ids('printer'));
    });
  });

  describe('empty search', () => {
    it('should ignore an empty or blank search', async () => {
      const all = await find(s.owner.uid, {});
      expect(all).toHaveLength(Object.keys(T).length);
      expect(await find(s.owner.uid, { search: '' })).toEqual(all);
      expect(await find(s.owner.uid, { search: '   ' })).toEqual(all);
      expect(await find(s.owner.uid, { search: null })).toEqual(all);
    });
  });

  describe('totalCount', () => {
    it('should equal the number of results across pages', async () => {
      const data = ok(
        await app.gql<{ tickets: { totalCount: number; edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(
          s.owner.uid,
          'query($f: TicketFilter) { tickets(filter: $f, first: 1) { totalCount edges { cursor } pageInfo { hasNextPage } } }',
          { f: { search: 'reseau' } },
        ),
      );
      expect(data.tickets.totalCount).toBe(2);
      expect(data.tickets.edges).toHaveLength(1);
      expect(data.tickets.pageInfo.hasNextPage).toBe(true);
    });
  });
});
