import { describe, expect, it } from 'vitest';
import { SIZES_STATEMENT } from '../catalogue/catalogue-sizes.js';
import { jobsSettled } from '../../test/query-count.js';
import { callAction } from '../../test/actions.js';
import { fileTicket, makeMember, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { eventually, liveClient, type LiveClient } from '../../test/live-client.js';

const SINCE = `query($after: ID!, $t: ID, $d: ID, $first: Int) { ticketStatusChangesSince(afterEventId: $after, ticketId: $t, departmentId: $d, first: $first) {
  from to ticket { id } event { id type message } } }`;
type Since = {
  ticketStatusChangesSince: {
    from: string | null;
    to: string;
    ticket: { id: string };
    event: { id: string; type: string; message: string | null };
  }[];
};

describe('catching up after a reconnection, and the cost of a fan-out', () => {
  const app = useTestApp();
  const s = useScene(app);
  const since = async (uid: string, variables: Record<string, unknown>): Promise<Since['ticketStatusChangesSince']> =>
    ok(await app.gql<Since>(uid, SINCE, variables)).ticketStatusChangesSince;
  const lastEventId = async (): Promise<string> =>
    (await app.em().execute<{ id: string }[]>('select coalesce(max(id), 0)::text as id from ticket_event'))[0].id;

  it('should return, oldest first, the status changes a subscription would have delivered after an event id', async () => {
    const before = await lastEventId();
    const a = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: a }, 'id'));
    ok(await callAction(app, s.manager.uid, 'addComment', { ticketId: a, message: '<p>Pas un changement</p>' }, 'id'));
    const b = await fileTicket(app, s.stranger.uid, s.category.id);
    ok(await callAction(app, s.manager.uid, 'requestInformation', { ticketId: a, message: '<p>Précisez</p>' }, 'id'));

    const mine = await since(s.owner.uid, { after: before });
    expect(mine.map((c) => [c.ticket.id, c.from, c.to])).toEqual([
      [a, null, 'FREE'],
      [a, 'FREE', 'IN_PROGRESS'],
      [a, 'IN_PROGRESS', 'INCOMPLETE'],
    ]);
    expect(mine[2].event.message).toBe('<p>Précisez</p>');
    const queue = await since(s.manager2.uid, { after: before, d: String(s.department.id) });
    expect(queue.map((c) => c.ticket.id)).toEqual([a, a, b, a]);
    // Pages: resume after the last id seen.
    const [first] = await since(s.owner.uid, { after: before, first: 1 });
    expect((await since(s.owner.uid, { after: first.event.id })).map((c) => c.to)).toEqual(['IN_PROGRESS', 'INCOMPLETE']);
    expect(await since(s.owner.uid, { after: mine[2].event.id })).toEqual([]);
    // The stranger only ever sees their own ticket.
    expect((await since(s.stranger.uid, { after: before })).map((c) => c.ticket.id)).toEqual([b]);
    expect((await since(s.stranger.uid, { after: before, d: String(s.department.id) })).map((c) => c.ticket.id)).toEqual([b]);
  });

  it('should refuse bad input with BAD_USER_INPUT naming the argument, and a hidden ticket as a missing one', async () => {
    for (const [after, first, field] of [
      ['abc', 10, 'afterEventId'],
      ['-1', 10, 'afterEventId'],
      ['1'.repeat(30), 10, 'afterEventId'],
      ['0', 0, 'first'],
      ['0', 501, 'first'],
    ] as const) {
      const result = await app.gql(s.owner.uid, SINCE, { after, first });
      expect(errorCode(result), `${after} ${first}`).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe(field);
    }
    const hidden = await fileTicket(app, s.owner.uid, s.category.id);
    const asStranger = await app.gql(s.stranger.uid, SINCE, { after: '0', t: hidden });
    const missing = await app.gql(s.stranger.uid, SINCE, { after: '0', t: '999999' });
    expect(errorCode(asStranger)).toBe('NOT_FOUND');
    expect(asStranger).toEqual(missing);
    expect(errorCode(await app.gql(s.stranger.uid, SINCE, { after: '0', d: '999999' }))).toBe('NOT_FOUND');
  });

  it('should load an event once for all its subscribers: as many statements for 12 subscribers as for 1', async () => {
    const members = await Promise.all(Array.from({ length: 11 }, () => makeUser(app.em(), unique('member'))));
    for (const member of members) await makeMember(app.em(), s.department, member);
    const uids = [s.manager2.uid, ...members.map((m) => m.uid)];
    const connection = app.orm.em.getConnection();
    const execute = connection.execute.bind(connection);
    let statements = 0;
    connection.execute = ((...args: Parameters<typeof execute>) => {
      // The catalogue's sizes (re-read every 5 s for the query cost) and the job queue's polling are not the delivery's work.
      const [sql] = args;
      if (!(typeof sql === 'string' && (sql.startsWith(SIZES_STATEMENT) || sql.includes('pgboss.')))) statements++;
      return execute(...args);
    }) as typeof connection.execute;
    const QUEUE = `subscription($d: ID) { ticketStatusChanged(departmentId: $d) {
      to ticket { id subject status watching allowedActions owner { uid } category { label } department { code } } event { id actor { uid } } } }`;

    const costOfOneTake = async (subscribers: string[]): Promise<number> => {
      const id = await fileTicket(app, s.owner.uid, s.category.id);
      const clients: LiveClient[] = await Promise.all(subscribers.map(async (uid) => liveClient(app, await app.token(uid))));
      const subs = clients.map((c) => c.subscribe(QUEUE, { d: String(s.department.id) }));
      await eventually(() => app.live.metrics.subscriptions === subscribers.length);
      // The filing's mails are fanned out on this same connection: let them finish, and take silently (no mail), so only live work is counted.
      await jobsSettled(app);
      statements = 0;
      ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: id, silent: true }, 'id'));
      for (const sub of subs)
        expect((await sub.waitFor(1))[0]).toMatchObject({ ticketStatusChanged: { to: 'IN_PROGRESS', ticket: { id } } });
      const counted = statements;
      await Promise.all(clients.map((c) => c.dispose()));
      await eventually(() => app.live.metrics.subscriptions === 0);
      return counted;
    };
    try {
      const one = await costOfOneTake(uids.slice(0, 1));
      const twelve = await costOfOneTake(uids);
      expect(twelve).toBe(one);
    } finally {
      connection.execute = execute;
    }
  });
});
