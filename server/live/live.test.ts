import { afterEach, describe, expect, it } from 'vitest';
import { callAction } from '../../test/actions.js';
import { fileTicket, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { eventually, liveClient, settle, type LiveClient } from '../../test/live-client.js';

/** A status change as the tests select it. */
interface Change {
  ticketStatusChanged: {
    from: string | null;
    to: string;
    ticket: {
      id: string;
      subject: string;
      status: string;
      history: { type: string; message: string | null }[];
      invitees: { uid: string }[];
    };
    event: { id: string; type: string; message: string | null; actor: { uid: string } | null };
  };
}
const CHANGES = `subscription($t: ID, $d: ID) { ticketStatusChanged(ticketId: $t, departmentId: $d) {
  from to ticket { id subject status history { type message } invitees { uid } } event { id type message actor { uid } } } }`;
const UPDATED = 'subscription($t: ID!) { ticketUpdated(ticketId: $t) { id status history { type message visibility } } }';
type Updated = { ticketUpdated: { id: string; status: string; history: { type: string; message: string | null; visibility: string }[] } };

describe('live status changes and updates, judged for each subscriber', () => {
  const app = useTestApp();
  const s = useScene(app);
  const conf = useScene(app, { confidential: true });
  const clients: LiveClient[] = [];

  const client = async (uid: string): Promise<LiveClient> => {
    const c = liveClient(app, await app.token(uid));
    clients.push(c);
    return c;
  };
  const act = async (uid: string, name: string, args: Record<string, unknown>): Promise<void> => {
    ok(await callAction(app, uid, name, args, 'id'));
  };
  const take = (uid: string, ticketId: string): Promise<void> => act(uid, 'takeTicket', { ticketId });
  const comment = (uid: string, ticketId: string, text: string, visibility = 'PARTICIPANTS'): Promise<void> =>
    act(uid, 'addComment', { ticketId, message: `<p>${text}</p>`, visibility });
  const subscriptions = (n: number): Promise<void> => eventually(() => app.live.metrics.subscriptions === n, 3000, `${n} subscriptions`);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await subscriptions(0);
  });

  it('should deliver a status change to the owner, the department and the ticket subscribers, and nothing to a stranger', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const dept = String(s.department.id);
    const owner = (await client(s.owner.uid)).subscribe<Change>(CHANGES);
    const queue = (await client(s.manager2.uid)).subscribe<Change>(CHANGES, { d: dept });
    const one = (await client(s.supervisor.uid)).subscribe<Change>(CHANGES, { t: id });
    const stranger = await client(s.stranger.uid);
    const mine = stranger.subscribe<Change>(CHANGES);
    const theirQueue = stranger.subscribe<Change>(CHANGES, { d: dept });
    await subscriptions(5);

    await take(s.manager.uid, id);
    // The stranger's own new ticket comes after: once it arrives, the hidden change would have too.
    const sentinel = await fileTicket(app, s.stranger.uid, s.category.id, { subject: 'Mon ticket' });

    const [taken] = await owner.waitFor(1);
    expect(taken.ticketStatusChanged).toMatchObject({
      from: 'FREE',
      to: 'IN_PROGRESS',
      ticket: { id, status: 'IN_PROGRESS', subject: 'Connexion impossible' },
      event: { type: 'TAKEN', actor: { uid: s.manager.uid } },
    });
    expect((await one.waitFor(1))[0].ticketStatusChanged.event.id).toBe(taken.ticketStatusChanged.event.id);
    const queued = await queue.waitFor(2);
    expect(queued.map((c) => [c.ticketStatusChanged.ticket.id, c.ticketStatusChanged.to])).toEqual([
      [id, 'IN_PROGRESS'],
      [sentinel, 'FREE'],
    ]);
    // Event ids increase: a client resumes after the last one it saw.
    expect(BigInt(queued[1].ticketStatusChanged.event.id)).toBeGreaterThan(BigInt(queued[0].ticketStatusChanged.event.id));
    expect((await mine.waitFor(1)).map((c) => c.ticketStatusChanged.ticket.id)).toEqual([sentinel]);
    expect((await theirQueue.waitFor(1)).map((c) => c.ticketStatusChanged.ticket.id)).toEqual([sentinel]);
    await settle();
    expect([owner.data.length, one.data.length, mine.data.length, theirQueue.data.length]).toEqual([1, 1, 1, 1]);
  });

  it('should give a subject-only reader the number, subject and status, never the entry or the people', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id, { visibility: 'SUBJECT_ONLY', subject: 'Panne du wifi' });
    const reader = (await client(s.stranger.uid)).subscribe<Change>(CHANGES, { t: id });
    const updates = (await client(s.stranger.uid)).subscribe<Updated>(UPDATED, { t: id });
    await subscriptions(2);
    await take(s.manager.uid, id);
    await comment(s.manager.uid, id, 'Réponse visible des participants');
    await act(s.manager.uid, 'requestInformation', { ticketId: id, message: '<p>Question confidentielle</p>' });

    const changes = await reader.waitFor(2);
    expect(changes.map((c) => c.ticketStatusChanged.to)).toEqual(['IN_PROGRESS', 'INCOMPLETE']);
    for (const { ticketStatusChanged: change } of changes) {
      expect(change.ticket).toMatchObject({ id, subject: 'Panne du wifi', history: [], invitees: [] });
      expect(change.event).toMatchObject({ message: null, actor: null });
    }
    // The comment (no status change) never reached ticketUpdated either.
    expect((await updates.waitFor(2)).map((u) => [u.ticketUpdated.status, u.ticketUpdated.history])).toEqual([
      ['IN_PROGRESS', []],
      ['INCOMPLETE', []],
    ]);
  });

  it('should execute a shared document once per standing, never handing one standing what another may read', async () => {
    const received = app.live.metrics.eventsReceived;
    const id = await fileTicket(app, s.owner.uid, s.category.id, { visibility: 'SUBJECT_ONLY', subject: 'Panne partagée' });
    // The filing's own event is published after its commit: let it pass before subscribing, or it would be the first payload.
    for (let waited = 0; app.live.metrics.eventsReceived === received && waited < 5000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const SHARED =
      'subscription($t: ID) { ticketStatusChanged(ticketId: $t) { to ticket { subject owner { uid } } event { message actor { uid } } } }';
    type Shared = {
      ticketStatusChanged: {
        to: string;
        ticket: { subject: string; owner: { uid: string } | null };
        event: { message: string | null; actor: { uid: string } | null };
      };
    };
    const readers = [s.stranger.uid, s.stranger.uid, s.owner.uid, s.manager2.uid, s.supervisor.uid];
    const subs = await Promise.all(readers.map(async (uid) => (await client(uid)).subscribe<Shared>(SHARED, { t: id })));
    await subscriptions(readers.length);
    const before = app.live.metrics.executions;
    await act(s.manager.uid, 'takeTicket', { ticketId: id });
    await act(s.manager.uid, 'requestInformation', { ticketId: id, message: '<p>Question privée</p>' });
    const got = await Promise.all(subs.map(async (sub) => (await sub.waitFor(2))[1].ticketStatusChanged));
    for (const subjectOnly of got.slice(0, 2)) {
      expect(subjectOnly).toMatchObject({ to: 'INCOMPLETE', ticket: { subject: 'Panne partagée' }, event: { message: null, actor: null } });
      expect(subjectOnly.ticket.owner?.uid).not.toBe(s.owner.uid);
    }
    for (const reader of got.slice(2)) {
      expect(reader).toMatchObject({
        ticket: { owner: { uid: s.owner.uid } },
        event: { message: '<p>Question privée</p>', actor: { uid: s.manager.uid } },
      });
    }
    // Three standings (subject only; the owner; staff), two events: six executions for ten payloads.
    expect(app.live.metrics.executions - before).toBe(6);
  });

  it('should keep internal notes from the owner while the department sees them', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const owner = (await client(s.owner.uid)).subscribe<Updated>(UPDATED, { t: id });
    const manager = (await client(s.manager.uid)).subscribe<Updated>(UPDATED, { t: id });
    await subscriptions(2);
    await comment(s.manager.uid, id, 'Note interne', 'STAFF');
    await comment(s.manager.uid, id, 'Réponse au propriétaire');

    const forManager = await manager.waitFor(2);
    expect(forManager[1].ticketUpdated.history.map((h) => h.message)).toEqual([
      '<p>Je ne peux pas me connecter.</p>',
      '<p>Note interne</p>',
      '<p>Réponse au propriétaire</p>',
    ]);
    const forOwner = await owner.waitFor(1);
    await settle();
    expect(owner.data).toHaveLength(1);
    expect(forOwner[0].ticketUpdated.history.map((h) => h.message)).toEqual([
      '<p>Je ne peux pas me connecter.</p>',
      '<p>Réponse au propriétaire</p>',
    ]);
  });

  it('should send nothing more to an invitee whose invitation was removed', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const invitee = await makeUser(app.em(), unique('invitee'));
    await act(s.owner.uid, 'inviteUser', { ticketId: id, user: invitee.uid });
    const c = await client(invitee.uid);
    const updates = c.subscribe<Updated>(UPDATED, { t: id });
    const changes = c.subscribe<Change>(CHANGES, { t: id });
    const witness = (await client(s.owner.uid)).subscribe<Updated>(UPDATED, { t: id });
    await subscriptions(3);
    await comment(s.owner.uid, id, 'Avant');
    await updates.waitFor(1);

    await act(s.owner.uid, 'removeInvitation', { ticketId: id, userId: String(invitee.id) });
    await take(s.manager.uid, id);
    await comment(s.manager.uid, id, 'Après', 'EVERYONE');
    await witness.waitFor(4);
    await settle();
    expect(updates.data).toHaveLength(1);
    expect(changes.data).toHaveLength(0);
  });

  it('should send nothing more once a PUBLIC ticket moved to a confidential department', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id, { visibility: 'PUBLIC' });
    const reader = (await client(s.stranger.uid)).subscribe<Change>(CHANGES, { t: id });
    const witness = (await client(s.owner.uid)).subscribe<Change>(CHANGES, { t: id });
    await subscriptions(2);
    await take(s.manager.uid, id);
    await reader.waitFor(1);

    // The manager is no member there: the move frees the ticket (a status change), then conf's manager takes it.
    await act(s.supervisor.uid, 'moveTicket', { ticketId: id, categoryId: String(conf.category.id) });
    await take(conf.manager.uid, id);
    expect((await witness.waitFor(3)).map((c) => c.ticketStatusChanged.to)).toEqual(['IN_PROGRESS', 'FREE', 'IN_PROGRESS']);
    await settle();
    expect(reader.data).toHaveLength(1);
  });

  it('should answer a subscription to a hidden ticket exactly as one to a ticket that does not exist', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const c = await client(s.stranger.uid);
    for (const document of [CHANGES, UPDATED]) {
      const hidden = c.subscribe(document, { t: id });
      const missing = c.subscribe(document, { t: '999999' });
      await Promise.all([hidden.ended, missing.ended]);
      expect(hidden.errors[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(hidden.errors).toEqual(missing.errors);
      expect([hidden.data, missing.data]).toEqual([[], []]);
    }
    const department = c.subscribe(CHANGES, { d: '999999' });
    await department.ended;
    expect(department.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(app.live.metrics.subscriptions).toBe(0);
  });
});
