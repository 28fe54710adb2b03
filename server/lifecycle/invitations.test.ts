import { describe, expect, it } from 'vitest';
import { fileTicket, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';

/** Invitations (by uid, by email, provisional users claimed at first sign-in) and watching. */

const TICKET = 'id status watching allowedActions invitees { id uid email } history { type actor { uid } }';

interface Tk {
  id: string;
  status: string;
  watching: boolean;
  allowedActions: string[];
  invitees: { id: string; uid: string; email: string | null }[];
  history: { type: string; actor: { uid: string } | null }[];
}
type Result = GqlResult<{ r: Tk }>;
interface UserRow {
  id: number;
  uid: string;
  email: string | null;
  provisional: boolean;
}

describe('invitations and watching', () => {
  const app = useTestApp();
  const s = useScene(app);

  const call = (uid: string, name: string, args: Record<string, unknown>): Promise<Result> => callAction<Tk>(app, uid, name, args, TICKET);
  const run = async (uid: string, name: string, args: Record<string, unknown>): Promise<Tk> => ok(await call(uid, name, args)).r;
  const code = (r: GqlResult<unknown>): unknown => r.errors?.[0]?.extensions?.code;
  const read = (uid: string, id: string): Promise<GqlResult<{ ticket: Tk }>> =>
    app.gql(uid, `query($id: ID!) { ticket(id: $id) { ${TICKET} } }`, { id });
  const file = (extra: Record<string, unknown> = {}): Promise<string> => fileTicket(app, s.owner.uid, s.category.id, extra);
  async function taken(extra: Record<string, unknown> = {}): Promise<string> {
    const id = await file(extra);
    await run(s.manager.uid, 'takeTicket', { ticketId: id });
    return id;
  }
  async function userRow(where: string, param: unknown): Promise<UserRow | undefined> {
    const [row] = await app.em().execute<UserRow[]>(`select id, uid, email, provisional from app_user where ${where}`, [param]);
    return row;
  }
  const userCount = async (): Promise<number> =>
    Number((await app.em().execute<{ n: string }[]>('select count(*) as n from app_user'))[0].n);
  async function invitation(ticketId: string, userId: number): Promise<{ invited_by_id: number } | undefined> {
    const [row] = await app
      .em()
      .execute<{ invited_by_id: number }[]>('select invited_by_id from invitation where ticket_id = ? and user_id = ?', [
        Number(ticketId),
        userId,
      ]);
    return row;
  }
  /** A GraphQL request with a token carrying these claims (first sign-in of a new person). */
  async function asClaims<T>(
    uid: string,
    claims: { email?: string; name?: string },
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GqlResult<T>> {
    const token = await app.token(uid, claims);
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  }

  describe('inviting', () => {
    it('should invite a user by uid, list them and record who invited', async () => {
      const guest = await makeUser(app.em());
      const id = await taken();
      const t = await run(s.manager.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      expect(t.invitees.map((u) => u.id)).toEqual([String(guest.id)]);
      expect(t.status).toBe('IN_PROGRESS');
      expect(t.history.at(-1)).toEqual({ type: 'INVITED', actor: { uid: s.manager.uid } });
      expect(await invitation(id, guest.id)).toEqual({ invited_by_id: s.manager.id });
      expect(ok(await read(guest.uid, id)).ticket.id).toBe(id);
    });

    it('should invite a known user by email, ignoring case and surrounding spaces, without creating anyone', async () => {
      const guest = await makeUser(app.em(), undefined, { email: `Camille.Durand${Date.now()}@Univ.Example.fr` });
      const id = await taken();
      const users = await userCount();
      const t = await run(s.owner.uid, 'inviteUser', { ticketId: id, user: `  ${guest.email!.toUpperCase()} ` });
      expect(t.invitees.map((u) => u.id)).toEqual([String(guest.id)]);
      expect(await userCount()).toBe(users);
    });

    it('should not take email wildcards literally when matching a known user', async () => {
      const guest = await makeUser(app.em(), undefined, { email: `wild${Date.now()}@univ.example.fr` });
      const id = await taken();
      const t = await run(s.owner.uid, 'inviteUser', { ticketId: id, user: `w_ld%@univ.example.fr` });
      expect(t.invitees.map((u) => u.id)).not.toContain(String(guest.id));
      expect(t.invitees).toHaveLength(1);
    });

    it('should invite an unknown email as a provisional user whom the first sign-in with that email claims', async () => {
      const id = await taken();
      const email = `Nouveau.Venu${Date.now()}@Partenaire.example.org`;
      const t = await run(s.owner.uid, 'inviteUser', { ticketId: id, user: email });
      expect(t.invitees).toHaveLength(1);
      const provisional = await userRow('id = ?', Number(t.invitees[0].id));
      expect(provisional).toMatchObject({ uid: `email:${email.toLowerCase()}`, provisional: true });
      // Inviting the same address again (other case) finds the same provisional user.
      const again = await call(s.manager.uid, 'inviteUser', { ticketId: id, user: email.toLowerCase() });
      expect(again.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'user', reason: 'ALREADY_INVITED' });

      const me = await asClaims<{ me: { id: string; uid: string } }>(
        'nvenu',
        { email: email.toLowerCase(), name: 'Nouveau Venu' },
        '{ me { id uid } }',
      );
      expect(ok(me).me).toEqual({ id: String(provisional!.id), uid: 'nvenu' });
      expect(await userRow('id = ?', provisional!.id)).toMatchObject({ uid: 'nvenu', provisional: false });
      expect(await userRow('uid = ?', `email:${email.toLowerCase()}`)).toBeUndefined();

      const seen = await asClaims<{ ticket: Tk }>(
        'nvenu',
        { email: email.toLowerCase() },
        `query($id: ID!) { ticket(id: $id) { ${TICKET} } }`,
        { id },
      );
      expect(ok(seen).ticket.id).toBe(id);
      expect((await run('nvenu', 'addComment', { ticketId: id, message: 'Merci' })).history.at(-1)?.type).toBe('COMMENTED');
    });

    it('should not let someone signing in with another email claim a provisional user', async () => {
      const id = await taken();
      const email = `reserve${Date.now()}@partenaire.example.org`;
      await run(s.owner.uid, 'inviteUser', { ticketId: id, user: email });
      const other = await asClaims<{ me: { id: string } }>('intrus', { email: 'intrus@partenaire.example.org' }, '{ me { id } }');
      expect(await userRow('uid = ?', `email:${email}`)).toMatchObject({ provisional: true });
      expect(ok(other).me.id).not.toBe(String((await userRow('uid = ?', `email:${email}`))!.id));
      expect(code(await read('intrus', id))).toBe('NOT_FOUND');
    });
  });

  describe("an invitee's rights", () => {
    it('should let an invitee read and comment but not cancel, close, approve or refuse the closure', async () => {
      const guest = await makeUser(app.em());
      const id = await taken();
      await run(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      expect(ok(await read(guest.uid, id)).ticket.allowedActions).toEqual(expect.arrayContaining(['ADD_COMMENT']));
      await run(guest.uid, 'addComment', { ticketId: id, message: 'Je confirme' });
      for (const name of ['cancelTicket', 'closeTicket'])
        expect(code(await call(guest.uid, name, { ticketId: id })), name).toBe('FORBIDDEN');
      await run(s.manager.uid, 'requestClosure', { ticketId: id, message: 'Corrigé' });
      expect(code(await call(guest.uid, 'approveClosure', { ticketId: id }))).toBe('FORBIDDEN');
      expect(code(await call(guest.uid, 'refuseClosure', { ticketId: id, message: 'Non' }))).toBe('FORBIDDEN');
      const seen = ok(await read(guest.uid, id)).ticket;
      expect(seen.status).toBe('CLOSED');
      expect(seen.allowedActions).not.toEqual(expect.arrayContaining(['APPROVE_CLOSURE']));
      expect(seen.allowedActions.filter((a) => ['CANCEL', 'CLOSE', 'APPROVE_CLOSURE', 'REFUSE_CLOSURE'].includes(a))).toEqual([]);
    });
  });

  describe('removing an invitation', () => {
    async function invited(by: string): Promise<{ id: string; guest: { id: number; uid: string } }> {
      const g = await makeUser(app.em());
      const id = await taken();
      await run(by, 'inviteUser', { ticketId: id, user: g.uid });
      return { id, guest: { id: g.id, uid: g.uid } };
    }

    it('should let the owner remove an invitation, after which a private ticket is hidden from the former invitee', async () => {
      const { id, guest } = await invited(s.manager.uid);
      const t = await run(s.owner.uid, 'removeInvitation', { ticketId: id, userId: String(guest.id) });
      expect(t.invitees).toEqual([]);
      expect(t.history.at(-1)).toEqual({ type: 'INVITATION_REMOVED', actor: { uid: s.owner.uid } });
      expect(await invitation(id, guest.id)).toBeUndefined();
      expect(code(await read(guest.uid, id))).toBe('NOT_FOUND');
    });

    it('should let a supervisor remove an invitation someone else made', async () => {
      const { id, guest } = await invited(s.owner.uid);
      const t = await run(s.supervisor.uid, 'removeInvitation', { ticketId: id, userId: String(guest.id) });
      expect(t.invitees).toEqual([]);
    });

    it('should let whoever invited remove their own invitation', async () => {
      const { id, guest } = await invited(s.manager2.uid);
      const t = await run(s.manager2.uid, 'removeInvitation', { ticketId: id, userId: String(guest.id) });
      expect(t.invitees).toEqual([]);
    });

    it('should refuse a member who did not invite, and the invitee themselves, leaving the invitation', async () => {
      const { id, guest } = await invited(s.owner.uid);
      const other = await makeUser(app.em());
      await run(s.owner.uid, 'inviteUser', { ticketId: id, user: other.uid });
      const events = async (): Promise<number> =>
        Number((await app.em().execute<{ n: string }[]>('select count(*) as n from ticket_event where ticket_id = ?', [Number(id)]))[0].n);
      const before = await events();
      for (const uid of [s.manager.uid, s.manager2.uid, other.uid]) {
        expect(code(await call(uid, 'removeInvitation', { ticketId: id, userId: String(guest.id) })), uid).toBe('FORBIDDEN');
      }
      expect(await invitation(id, guest.id)).toEqual({ invited_by_id: s.owner.id });
      expect(await events()).toBe(before);
    });
  });

  describe('watching', () => {
    it('should toggle watching and offer WATCH or UNWATCH accordingly, without history entries', async () => {
      const id = await taken();
      const initial = ok(await read(s.manager2.uid, id)).ticket;
      expect(initial.watching).toBe(false);
      expect(initial.allowedActions).toContain('WATCH');
      expect(initial.allowedActions).not.toContain('UNWATCH');
      let t = await run(s.manager2.uid, 'watchTicket', { ticketId: id });
      expect(t.watching).toBe(true);
      expect(t.allowedActions).toContain('UNWATCH');
      expect(t.allowedActions).not.toContain('WATCH');
      expect(t.history).toHaveLength(initial.history.length);
      // Watching is the viewer's own: the owner does not watch because manager2 does.
      expect(ok(await read(s.owner.uid, id)).ticket.watching).toBe(false);
      t = await run(s.manager2.uid, 'unwatchTicket', { ticketId: id });
      expect(t.watching).toBe(false);
      expect(t.allowedActions).toContain('WATCH');
      expect(t.history).toHaveLength(initial.history.length);
      const [row] = await app.em().execute<{ n: string }[]>('select count(*) as n from watcher where ticket_id = ?', [Number(id)]);
      expect(Number(row.n)).toBe(0);
    });

    it('should answer INVALID_TRANSITION to watching twice or unwatching what one does not watch', async () => {
      const id = await taken();
      expect((await call(s.owner.uid, 'unwatchTicket', { ticketId: id })).errors?.[0]?.extensions).toEqual({
        code: 'INVALID_TRANSITION',
        action: 'UNWATCH',
        status: 'IN_PROGRESS',
      });
      await run(s.owner.uid, 'watchTicket', { ticketId: id });
      expect((await call(s.owner.uid, 'watchTicket', { ticketId: id })).errors?.[0]?.extensions).toEqual({
        code: 'INVALID_TRANSITION',
        action: 'WATCH',
        status: 'IN_PROGRESS',
      });
      const [row] = await app
        .em()
        .execute<{ n: string }[]>('select count(*) as n from watcher where ticket_id = ? and user_id = ?', [Number(id), s.owner.id]);
      expect(Number(row.n)).toBe(1);
    });

    it('should let anyone who can read a PUBLIC ticket watch it, on an ended ticket too, but not a stranger on a PRIVATE one', async () => {
      const open = await taken({ visibility: 'PUBLIC' });
      await run(s.owner.uid, 'cancelTicket', { ticketId: open });
      const t = await run(s.stranger.uid, 'watchTicket', { ticketId: open });
      expect([t.watching, t.status]).toEqual([true, 'CANCELLED']);
      const hidden = await taken();
      expect(code(await call(s.stranger.uid, 'watchTicket', { ticketId: hidden }))).toBe('NOT_FOUND');
      const [row] = await app.em().execute<{ n: string }[]>('select count(*) as n from watcher where ticket_id = ?', [Number(hidden)]);
      expect(Number(row.n)).toBe(0);
    });
  });
});
