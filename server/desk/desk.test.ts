import { beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../../test/actions.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { countQueries } from '../../test/query-count.js';

/** Bookmarks, unread marks and saved views (server/desk/), through the API as each person. */
describe('desk: bookmarks, unread and saved views', () => {
  const app = useTestApp();
  const s = useScene(app);
  let first: string;
  let second: string;

  const list = async (uid: string, filter: Record<string, unknown> = {}): Promise<{ id: string; unread: boolean; bookmarked: boolean }[]> =>
    ok(
      await app.gql<{ tickets: { edges: { node: { id: string; unread: boolean; bookmarked: boolean } }[] } }>(
        uid,
        'query($f: TicketFilter) { tickets(filter: $f, first: 50) { edges { node { id unread bookmarked } } } }',
        { f: { departmentId: String(s.department.id), ...filter } },
      ),
    ).tickets.edges.map((e) => e.node);
  const marks = async (uid: string, id: string): Promise<{ unread: boolean; bookmarked: boolean } | undefined> =>
    (await list(uid)).find((t) => t.id === id);
  const markRead = async (uid: string, ticketId: string): Promise<{ unread: boolean }> =>
    ok(
      await app.gql<{ markTicketRead: { unread: boolean } }>(uid, 'mutation($t: ID!) { markTicketRead(ticketId: $t) { unread } }', {
        t: ticketId,
      }),
    ).markTicketRead;
  const comment = async (uid: string, ticketId: string, visibility?: string): Promise<void> => {
    ok(
      await callAction(
        app,
        uid,
        'addComment',
        { ticketId, message: '<p>Voir ci-dessous.</p>', ...(visibility ? { visibility } : {}) },
        'id',
      ),
    );
  };

  beforeAll(async () => {
    first = await fileTicket(app, s.owner.uid, s.category.id);
    second = await fileTicket(app, s.owner.uid, s.category.id);
  });

  it('should mark a ticket unread for staff until they look, and never for its author', async () => {
    expect(await marks(s.manager.uid, first)).toMatchObject({ unread: true, bookmarked: false });
    expect(await marks(s.owner.uid, first)).toMatchObject({ unread: false });
    expect(await markRead(s.manager.uid, first)).toEqual({ unread: false });
    expect(await marks(s.manager.uid, first)).toMatchObject({ unread: false });
    expect(await marks(s.manager.uid, second)).toMatchObject({ unread: true });
    // A new entry by someone else makes it unread again.
    await comment(s.owner.uid, first);
    expect(await marks(s.manager.uid, first)).toMatchObject({ unread: true });
  });

  it('should never mark unread for an entry hidden from the viewer (a staff-only comment)', async () => {
    await markRead(s.owner.uid, second);
    await comment(s.manager.uid, second, 'STAFF');
    expect(await marks(s.owner.uid, second)).toMatchObject({ unread: false });
    expect(await marks(s.manager2.uid, second)).toMatchObject({ unread: true });
  });

  it('should not mark unread for a mail-delivery alert (about our mail, not news on the ticket)', async () => {
    await markRead(s.manager.uid, first);
    await app.em().execute(
      `insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
         select id, 'MAIL_FAILED', now() + interval '1 second', null, status, status, null, 'STAFF', '[]', true from ticket where id = ?`,
      [Number(first)],
    );
    expect(await marks(s.manager.uid, first)).toMatchObject({ unread: false });
  });

  it('should filter on unread and bookmarked, in the one list statement', async () => {
    await markRead(s.manager2.uid, first);
    const unread = (await list(s.manager2.uid, { unread: true })).map((t) => t.id);
    expect(unread).toEqual([second]);
    expect((await list(s.manager2.uid, { unread: false })).map((t) => t.id)).toEqual([first]);
    ok(
      await app.gql(s.manager2.uid, 'mutation($t: ID!) { bookmarkTicket(ticketId: $t, bookmarked: true) { id bookmarked } }', { t: first }),
    );
    expect((await list(s.manager2.uid, { bookmarked: true })).map((t) => t.id)).toEqual([first]);
    expect((await list(s.manager.uid, { bookmarked: true })).map((t) => t.id)).toEqual([]);
    // The marks come with the rows: a page of one or of many costs the same statements.
    await fileTicket(app, s.owner.uid, s.category.id);
    await fileTicket(app, s.owner.uid, s.category.id);
    const one = await countQueries(app, () =>
      app.gql(s.manager2.uid, 'query { tickets(first: 1) { edges { node { id unread bookmarked } } } }'),
    );
    const many = await countQueries(app, () =>
      app.gql(s.manager2.uid, 'query { tickets(first: 50) { edges { node { id unread bookmarked } } } }'),
    );
    expect(many).toBe(one);
    const removed = ok(
      await app.gql<{ bookmarkTicket: { bookmarked: boolean } }>(
        s.manager2.uid,
        'mutation($t: ID!) { bookmarkTicket(ticketId: $t, bookmarked: false) { bookmarked } }',
        { t: first },
      ),
    );
    expect(removed.bookmarkTicket.bookmarked).toBe(false);
  });

  it('should answer NOT_FOUND for bookmarking or marking a ticket the viewer may not read', async () => {
    const bookmark = await app.gql(s.stranger.uid, 'mutation($t: ID!) { bookmarkTicket(ticketId: $t, bookmarked: true) { id } }', {
      t: first,
    });
    expect(errorCode(bookmark)).toBe('NOT_FOUND');
    const read = await app.gql(s.stranger.uid, 'mutation($t: ID!) { markTicketRead(ticketId: $t) { id } }', { t: first });
    expect(errorCode(read)).toBe('NOT_FOUND');
    const [{ n }] = await app.em().execute<{ n: number }[]>(
      `select (select count(*) from ticket_bookmark b join app_user u on u.id = b.user_id where u.uid = ?)::int
        + (select count(*) from ticket_read r join app_user u on u.id = r.user_id where u.uid = ?)::int as n`,
      [s.stranger.uid, s.stranger.uid],
    );
    expect(n).toBe(0);
  });

  const SAVE = 'mutation($id: ID, $n: String!, $f: String!) { saveView(id: $id, name: $n, filter: $f) { id name filter } }';

  it('should save, list, rename and delete views, each person their own', async () => {
    const saved = ok(
      await app.gql<{ saveView: { id: string; name: string; filter: string } }>(s.manager.uid, SAVE, {
        n: ' Mes non lus ',
        f: JSON.stringify({ unread: true, statuses: ['FREE', 'IN_PROGRESS'] }),
      }),
    ).saveView;
    expect(saved.name).toBe('Mes non lus');
    expect(JSON.parse(saved.filter)).toMatchObject({ unread: true, statuses: ['FREE', 'IN_PROGRESS'] });
    // The stored filter replays as a query as it stands.
    const replay = await app.gql(s.manager.uid, 'query($f: TicketFilter) { tickets(filter: $f) { edges { node { id } } } }', {
      f: JSON.parse(saved.filter) as unknown,
    });
    expect(replay.errors).toBeUndefined();
    const renamed = ok(
      await app.gql<{ saveView: { name: string } }>(s.manager.uid, SAVE, { id: saved.id, n: 'À traiter', f: '{}' }),
    ).saveView;
    expect(renamed.name).toBe('À traiter');
    const views = ok(await app.gql<{ savedViews: { name: string }[] }>(s.manager.uid, '{ savedViews { name } }')).savedViews;
    expect(views.map((v) => v.name)).toEqual(['À traiter']);
    expect(ok(await app.gql<{ savedViews: unknown[] }>(s.manager2.uid, '{ savedViews { name } }')).savedViews).toEqual([]);
    // Someone else's view is not there for them: NOT_FOUND, and it stays.
    expect(errorCode(await app.gql(s.manager2.uid, SAVE, { id: saved.id, n: 'volé', f: '{}' }))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(s.manager2.uid, 'mutation($id: ID!) { deleteView(id: $id) }', { id: saved.id }))).toBe('NOT_FOUND');
    expect(ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { deleteView(id: $id) }', { id: saved.id }))).toEqual({ deleteView: true });
    expect(errorCode(await app.gql(s.manager.uid, 'mutation($id: ID!) { deleteView(id: $id) }', { id: saved.id }))).toBe('NOT_FOUND');
  });

  it.each([
    ['not JSON', '{unread: true'],
    ['not an object', '[1, 2]'],
    ['an unknown field', '{"colour":"red"}'],
    ['a wrong type', '{"unread":"yes"}'],
    ['an unknown status', '{"statuses":["NOPE"]}'],
  ])('should refuse a view whose filter is %s (BAD_USER_INPUT) and store nothing', async (_what, f) => {
    const result = await app.gql(s.supervisor.uid, SAVE, { n: 'Vue', f });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter' });
    expect(ok(await app.gql<{ savedViews: unknown[] }>(s.supervisor.uid, '{ savedViews { name } }')).savedViews).toEqual([]);
  });

  it('should refuse an empty or duplicate view name (BAD_USER_INPUT)', async () => {
    expect((await app.gql(s.supervisor.uid, SAVE, { n: '   ', f: '{}' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    ok(await app.gql(s.supervisor.uid, SAVE, { n: 'Urgent', f: '{}' }));
    expect((await app.gql(s.supervisor.uid, SAVE, { n: 'urgent', f: '{}' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
  });
});
