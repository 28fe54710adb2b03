import { describe, expect, it } from 'vitest';
import { fileTicket, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';

/** changeOwner: the ticket manager or a supervisor gives the ticket to someone else; the former owner stays as an invitee. */

const TICKET = `id status owner { uid } creator { uid } invitees { uid } allowedActions
  history { type actor { uid } statusBefore statusAfter changes { property before after } }`;

interface Tk {
  id: string;
  status: string;
  owner: { uid: string };
  creator: { uid: string };
  invitees: { uid: string }[];
  allowedActions: string[];
  history: {
    type: string;
    actor: { uid: string } | null;
    statusBefore: string | null;
    statusAfter: string;
    changes: { property: string; before: string | null; after: string | null }[];
  }[];
}

describe('changing the owner of a ticket', () => {
  const app = useTestApp();
  const s = useScene(app);

  const call = (uid: string, name: string, args: Record<string, unknown>): Promise<GqlResult<{ r: Tk }>> =>
    callAction<Tk>(app, uid, name, args, TICKET);
  const run = async (uid: string, name: string, args: Record<string, unknown>): Promise<Tk> => ok(await call(uid, name, args)).r;
  const read = async (uid: string, id: string): Promise<Tk> =>
    ok(await app.gql<{ ticket: Tk }>(uid, `query($id: ID!) { ticket(id: $id) { ${TICKET} } }`, { id })).ticket;
  async function taken(): Promise<string> {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    await run(s.manager.uid, 'takeTicket', { ticketId: id });
    return id;
  }

  it('should let the ticket manager give the ticket to another user, the former owner keeping it as an invitee', async () => {
    const id = await taken();
    const heir = await makeUser(app.em(), undefined, { displayName: 'Camille Martin' });

    const t = await run(s.manager.uid, 'changeOwner', { ticketId: id, user: heir.uid });

    expect([t.status, t.owner.uid, t.creator.uid]).toEqual(['IN_PROGRESS', heir.uid, s.owner.uid]);
    expect(t.invitees.map((i) => i.uid)).toEqual([s.owner.uid]);
    expect(t.history.at(-1)).toEqual({
      type: 'OWNER_CHANGED',
      actor: { uid: s.manager.uid },
      statusBefore: 'IN_PROGRESS',
      statusAfter: 'IN_PROGRESS',
      changes: [
        { property: 'owner', before: s.owner.displayName, after: 'Camille Martin' },
        { property: 'invitee', before: null, after: s.owner.displayName },
      ],
    });
    // The former owner reads it as an invitee: they may comment, no longer cancel or close.
    const former = await read(s.owner.uid, id);
    expect(former.owner.uid).toBe(heir.uid);
    expect(former.allowedActions).toContain('ADD_COMMENT');
    expect(former.allowedActions).not.toContain('CANCEL');
    expect((await read(heir.uid, id)).allowedActions).toContain('CANCEL');
  });

  it('should let a supervisor give the ticket to one of its invitees, who is no longer invited, by email', async () => {
    const id = await taken();
    const guest = await makeUser(app.em());
    await run(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });

    const t = await run(s.supervisor.uid, 'changeOwner', { ticketId: id, user: guest.email!.toUpperCase() });

    expect(t.owner.uid).toBe(guest.uid);
    expect(t.invitees.map((i) => i.uid)).toEqual([s.owner.uid]);
    expect(t.history.at(-1)?.changes).toEqual([
      { property: 'owner', before: s.owner.displayName, after: guest.displayName },
      { property: 'invitee', before: guest.displayName, after: null },
      { property: 'invitee', before: null, after: s.owner.displayName },
    ]);
  });

  it('should give the ticket back to its first owner, who is then no longer an invitee', async () => {
    const id = await taken();
    const heir = await makeUser(app.em());
    await run(s.manager.uid, 'changeOwner', { ticketId: id, user: heir.uid });

    const t = await run(s.manager.uid, 'changeOwner', { ticketId: id, user: s.owner.uid });

    expect(t.owner.uid).toBe(s.owner.uid);
    expect(t.invitees.map((i) => i.uid)).toEqual([heir.uid]);
  });

  it('should offer CHANGE_OWNER to the ticket manager and the supervisor of an open ticket, and to nobody else', async () => {
    const id = await taken();
    const offered = async (uid: string): Promise<boolean> => (await read(uid, id)).allowedActions.includes('CHANGE_OWNER');
    expect([await offered(s.manager.uid), await offered(s.supervisor.uid)]).toEqual([true, true]);
    expect([await offered(s.owner.uid), await offered(s.manager2.uid)]).toEqual([false, false]);
  });
});
