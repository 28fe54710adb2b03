import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';

/**
 * The stored search words (the subject's in ticket_search, each entry's in ticket_event.search) follow
 * every change in the transaction that makes it, whoever writes: the action path through the ORM, or plain SQL.
 */
describe('stored search words', () => {
  const app = useTestApp();
  const s = useScene(app);

  const found = async (uid: string, text: string): Promise<string[]> => {
    const data = ok(
      await app.gql<{ tickets: { edges: { node: { id: string } }[] } }>(
        uid,
        'query($s: String) { tickets(filter: { search: $s }, first: 100) { edges { node { id } } } }',
        { s: text },
      ),
    );
    return data.tickets.edges.map((e) => e.node.id);
  };
  const comment = async (uid: string, id: string, message: string, visibility?: string): Promise<void> => {
    ok(
      await app.gql(
        uid,
        'mutation($id: ID!, $m: String!, $v: EntryVisibility) { addComment(ticketId: $id, message: $m, visibility: $v) { id } }',
        {
          id,
          m: message,
          v: visibility ?? null,
        },
      ),
    );
  };
  const withClient = async <T>(work: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  it('should find a new ticket by its subject and description at once', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Tabouret bancal', message: '<p>Pied de chaise cassé.</p>' });
    expect(await found(s.owner.uid, 'tabouret')).toEqual([id]);
    expect(await found(s.owner.uid, 'chaise')).toEqual([id]);
  });

  it('should find a comment as soon as the action committed, and by the readers of its visibility only', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Lampe' });
    await comment(s.manager.uid, id, '<p>Ampoule à changer : gnomon</p>', 'STAFF');
    expect(await found(s.manager2.uid, 'gnomon')).toEqual([id]);
    expect(await found(s.owner.uid, 'gnomon')).toEqual([]);
  });

  it('should re-index the subject when it changes', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Pupitre rayé' });
    ok(
      await app.gql(s.owner.uid, 'mutation($id: ID!) { updateTicket(ticketId: $id, input: { subject: "Estrade rayée" }) { id } }', { id }),
    );
    expect(await found(s.owner.uid, 'estrade')).toEqual([id]);
    expect(await found(s.owner.uid, 'pupitre')).toEqual([]);
  });

  it('should follow an entry whose message or visibility changes, and one that is deleted', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Radiateur' });
    await comment(s.owner.uid, id, '<p>Il fait froid : banquise</p>');
    expect(await found(s.owner.uid, 'banquise')).toEqual([id]);
    await withClient((c) => c.query(`update ticket_event set message = '<p>Il fait chaud : canicule</p>' where message like '%banquise%'`));
    expect(await found(s.owner.uid, 'banquise')).toEqual([]);
    expect(await found(s.owner.uid, 'canicule')).toEqual([id]);
    await withClient((c) => c.query(`update ticket_event set visibility = 'STAFF' where message like '%canicule%'`));
    expect(await found(s.stranger.uid, 'canicule')).toEqual([]);
    expect(await found(s.manager.uid, 'canicule')).toEqual([id]);
    await withClient((c) => c.query(`delete from ticket_event where message like '%canicule%'`));
    expect(await found(s.manager.uid, 'canicule')).toEqual([]);
    expect(await found(s.manager.uid, 'radiateur')).toEqual([id]);
  });

  it("should write the entry's words in the same transaction as the entry: nothing after a rollback", async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Fenêtre' });
    const inside = await withClient(async (c) => {
      await c.query('begin');
      await c.query(
        `insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
         values ($1, 'COMMENTED', now(), $2, 'FREE', 'FREE', '<p>Courant d''air : tramontane</p>', 'EVERYONE', '[]', false)`,
        [Number(id), s.owner.id],
      );
      const seen = await c.query(`select 1 from ticket_event where ticket_id = $1 and search @@ to_tsquery('app_french', 'tramontane')`, [
        Number(id),
      ]);
      await c.query('rollback');
      return seen.rowCount;
    });
    expect(inside).toBe(1);
    expect(await found(s.owner.uid, 'tramontane')).toEqual([]);
  });
});
