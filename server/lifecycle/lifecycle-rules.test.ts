import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, makeDepartment, makeMember, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';
import { TicketAction } from '../model/ticket-status.js';
import { AssignmentMode, MemberRole } from '../model/catalogue.enums.js';
import type { Category } from '../model/category.entity.js';
import { Department } from '../model/department.entity.js';
import { User } from '../model/user.entity.js';

/** The rules of docs/lifecycle.md's Actions table, played through the API. */

const TICKET = `id status subject priority origin spentMinutes manager { id uid } category { id } department { id }
  allowedActions watching history { type statusBefore statusAfter actor { uid } message }`;

interface Entry {
  type: string;
  statusBefore: string | null;
  statusAfter: string;
  actor: { uid: string } | null;
  message: string | null;
}
interface Tk {
  id: string;
  status: string;
  subject: string;
  priority: number;
  origin: string;
  spentMinutes: number;
  manager: { id: string; uid: string } | null;
  category: { id: string };
  department: { id: string };
  allowedActions: string[];
  watching: boolean;
  history: Entry[];
}
type Result = GqlResult<{ r: Tk }>;

const tomorrow = (): string => new Date(Date.now() + 86_400_000).toISOString();

describe('the actions table, through the API', () => {
  // Hundreds of requests from one address: the per-address limit is another suite's concern.
  const app = useTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
  const s = useScene(app);
  let sibling: Category;

  const call = (uid: string, name: string, args: Record<string, unknown>): Promise<Result> => callAction<Tk>(app, uid, name, args, TICKET);
  const run = async (uid: string, name: string, args: Record<string, unknown>): Promise<Tk> => ok(await call(uid, name, args)).r;
  const code = (r: Result): unknown => r.errors?.[0]?.extensions?.code;
  const read = async (uid: string, id: string): Promise<Tk> =>
    ok(await app.gql<{ ticket: Tk }>(uid, `query($id: ID!) { ticket(id: $id) { ${TICKET} } }`, { id })).ticket;
  const last = (t: Tk): Entry => t.history.at(-1)!;

  const file = (extra: Record<string, unknown> = {}): Promise<string> => fileTicket(app, s.owner.uid, s.category.id, extra);
  async function taken(by = s.manager.uid, extra: Record<string, unknown> = {}): Promise<string> {
    const id = await file(extra);
    await run(by, 'takeTicket', { ticketId: id });
    return id;
  }
  async function incomplete(): Promise<string> {
    const id = await taken();
    await run(s.manager.uid, 'requestInformation', { ticketId: id, message: 'Quel navigateur ?' });
    return id;
  }
  async function postponed(): Promise<string> {
    const id = await taken();
    await run(s.manager.uid, 'postponeTicket', { ticketId: id, until: tomorrow() });
    return id;
  }
  async function closed(): Promise<string> {
    const id = await taken();
    await run(s.manager.uid, 'requestClosure', { ticketId: id, message: 'Corrigé.' });
    return id;
  }

  beforeAll(async () => {
    const em = app.em();
    sibling = await makeCategory(em, await em.findOneOrFail(Department, s.department.id), 'Messagerie');
  });

  describe('take', () => {
    it('should let a member take a FREE ticket, becoming its manager with a TAKEN entry', async () => {
      const id = await file();
      const t = await run(s.manager.uid, 'takeTicket', { ticketId: id });
      expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager.uid]);
      expect(last(t)).toMatchObject({ type: 'TAKEN', statusBefore: 'FREE', statusAfter: 'IN_PROGRESS', actor: { uid: s.manager.uid } });
    });

    it('should refuse a plain member taking a ticket another member manages, and let a supervisor take it over', async () => {
      const id = await taken(s.manager.uid);
      expect(code(await call(s.manager2.uid, 'takeTicket', { ticketId: id }))).toBe('FORBIDDEN');
      expect((await read(s.owner.uid, id)).manager?.uid).toBe(s.manager.uid);
      const t = await run(s.supervisor.uid, 'takeTicket', { ticketId: id });
      expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.supervisor.uid]);
      expect(last(t)).toMatchObject({ type: 'TAKEN', statusBefore: 'IN_PROGRESS', statusAfter: 'IN_PROGRESS' });
    });

    it('should never let anyone take a ticket they already manage', async () => {
      const mine = await taken(s.manager.uid);
      expect(code(await call(s.manager.uid, 'takeTicket', { ticketId: mine }))).toBe('FORBIDDEN');
      const supervised = await taken(s.supervisor.uid);
      expect(code(await call(s.supervisor.uid, 'takeTicket', { ticketId: supervised }))).toBe('FORBIDDEN');
    });
  });

  describe('assign and free', () => {
    it('should let only a supervisor assign, on FREE and IN_PROGRESS tickets', async () => {
      const id = await file();
      expect(code(await call(s.manager.uid, 'assignTicket', { ticketId: id, managerId: String(s.manager2.id) }))).toBe('FORBIDDEN');
      let t = await run(s.supervisor.uid, 'assignTicket', { ticketId: id, managerId: String(s.manager2.id) });
      expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager2.uid]);
      expect(last(t)).toMatchObject({ type: 'ASSIGNED', statusBefore: 'FREE', actor: { uid: s.supervisor.uid } });
      expect(code(await call(s.manager2.uid, 'assignTicket', { ticketId: id, managerId: String(s.manager.id) }))).toBe('FORBIDDEN');
      t = await run(s.supervisor.uid, 'assignTicket', { ticketId: id, managerId: String(s.manager.id) });
      expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager.uid]);
    });

    it('should let the ticket manager and a supervisor free a ticket, but not another member', async () => {
      const id = await taken(s.manager.uid);
      expect(code(await call(s.manager2.uid, 'freeTicket', { ticketId: id }))).toBe('FORBIDDEN');
      let t = await run(s.manager.uid, 'freeTicket', { ticketId: id });
      expect([t.status, t.manager]).toEqual(['FREE', null]);
      expect(last(t)).toMatchObject({ type: 'FREED', statusBefore: 'IN_PROGRESS', statusAfter: 'FREE' });
      await run(s.manager2.uid, 'takeTicket', { ticketId: id });
      t = await run(s.supervisor.uid, 'freeTicket', { ticketId: id });
      expect([t.status, t.manager]).toEqual(['FREE', null]);
    });
  });

  describe('comments and information', () => {
    it('should keep an INCOMPLETE ticket INCOMPLETE when a member comments (COMMENTED)', async () => {
      const id = await incomplete();
      const t = await run(s.manager2.uid, 'addComment', { ticketId: id, message: 'Note interne', visibility: 'STAFF' });
      expect(t.status).toBe('INCOMPLETE');
      expect(last(t)).toMatchObject({ type: 'COMMENTED', statusBefore: 'INCOMPLETE', statusAfter: 'INCOMPLETE' });
      const byManager = await run(s.manager.uid, 'addComment', { ticketId: id, message: 'Relance' });
      expect([byManager.status, last(byManager).type]).toEqual(['INCOMPLETE', 'COMMENTED']);
    });

    it("should turn an invitee's comment on an INCOMPLETE ticket into INFORMATION_GIVEN and IN_PROGRESS", async () => {
      const guest = await makeUser(app.em());
      const id = await incomplete();
      await run(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      const t = await run(guest.uid, 'addComment', { ticketId: id, message: 'Firefox 128' });
      expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager.uid]);
      expect(last(t)).toMatchObject({
        type: 'INFORMATION_GIVEN',
        statusBefore: 'INCOMPLETE',
        statusAfter: 'IN_PROGRESS',
        actor: { uid: guest.uid },
      });
    });

    it('should keep the status of an IN_PROGRESS ticket when its owner comments', async () => {
      const id = await taken();
      const t = await run(s.owner.uid, 'addComment', { ticketId: id, message: 'Toujours pas' });
      expect([t.status, last(t).type, last(t).statusBefore]).toEqual(['IN_PROGRESS', 'COMMENTED', 'IN_PROGRESS']);
    });
  });

  describe('closing', () => {
    it('should let the owner close from every open status, to APPROVED', async () => {
      const builders: [string, () => Promise<string>][] = [
        ['FREE', () => file()],
        ['IN_PROGRESS', () => taken()],
        ['INCOMPLETE', incomplete],
        ['POSTPONED', postponed],
      ];
      for (const [status, build] of builders) {
        const id = await build();
        expect((await read(s.owner.uid, id)).status).toBe(status);
        const t = await run(s.owner.uid, 'closeTicket', { ticketId: id, message: 'Résolu tout seul' });
        expect(t.status, status).toBe('APPROVED');
        expect(last(t)).toMatchObject({
          type: 'CLOSED_BY_OWNER',
          statusBefore: status,
          statusAfter: 'APPROVED',
          actor: { uid: s.owner.uid },
        });
      }
    });

    it('should refuse closeTicket by the owner on a CLOSED ticket and by the ticket manager', async () => {
      const id = await closed();
      const r = await call(s.owner.uid, 'closeTicket', { ticketId: id });
      expect(r.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', action: 'CLOSE', status: 'CLOSED' });
      const open = await taken();
      expect(code(await call(s.manager.uid, 'closeTicket', { ticketId: open }))).toBe('FORBIDDEN');
    });

    it('should let the owner cancel, and nobody else', async () => {
      const id = await taken();
      for (const uid of [s.manager.uid, s.supervisor.uid])
        expect(code(await call(uid, 'cancelTicket', { ticketId: id }))).toBe('FORBIDDEN');
      const t = await run(s.owner.uid, 'cancelTicket', { ticketId: id, message: 'Plus besoin' });
      expect(t.status).toBe('CANCELLED');
      expect(last(t)).toMatchObject({ type: 'CANCELLED', statusBefore: 'IN_PROGRESS', statusAfter: 'CANCELLED' });
    });

    it('should let the ticket manager and a supervisor refuse with a reason, but not another member', async () => {
      const id = await taken();
      expect(code(await call(s.manager2.uid, 'refuseTicket', { ticketId: id, message: 'Hors périmètre' }))).toBe('FORBIDDEN');
      const t = await run(s.manager.uid, 'refuseTicket', { ticketId: id, message: 'Hors périmètre' });
      expect(t.status).toBe('REFUSED');
      expect(last(t)).toMatchObject({ type: 'REFUSED', statusAfter: 'REFUSED', message: 'Hors périmètre' });
      const free = await file();
      const bySupervisor = await run(s.supervisor.uid, 'refuseTicket', { ticketId: free, message: 'Doublon' });
      expect([bySupervisor.status, last(bySupervisor).statusBefore]).toEqual(['REFUSED', 'FREE']);
    });
  });

  describe('reopen', () => {
    it('should let the owner reopen within the reopen window, back to the ticket manager', async () => {
      const id = await taken();
      await run(s.owner.uid, 'cancelTicket', { ticketId: id });
      await app.em().execute(`update ticket set ended_at = now() - interval '29 days' where id = ?`, [Number(id)]);
      expect((await read(s.owner.uid, id)).allowedActions).toContain('REOPEN');
      const t = await run(s.owner.uid, 'reopenTicket', { ticketId: id, message: 'Ça recommence' });
      expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager.uid]);
      expect(last(t)).toMatchObject({ type: 'REOPENED', statusBefore: 'CANCELLED', statusAfter: 'IN_PROGRESS' });
    });

    it('should refuse the owner outside the reopen window but let a supervisor reopen any time', async () => {
      const id = await closed();
      await run(s.owner.uid, 'approveClosure', { ticketId: id });
      await app.em().execute(`update ticket set ended_at = now() - interval '31 days' where id = ?`, [Number(id)]);
      expect((await read(s.owner.uid, id)).allowedActions).not.toContain('REOPEN');
      expect(code(await call(s.owner.uid, 'reopenTicket', { ticketId: id, message: 'Ça recommence' }))).toBe('FORBIDDEN');
      expect(code(await call(s.manager.uid, 'reopenTicket', { ticketId: id, message: 'Ça recommence' }))).toBe('FORBIDDEN');
      await app.em().execute(`update ticket set ended_at = now() - interval '3 years' where id = ?`, [Number(id)]);
      expect((await read(s.supervisor.uid, id)).allowedActions).toContain('REOPEN');
      const t = await run(s.supervisor.uid, 'reopenTicket', { ticketId: id, message: 'Réouvert' });
      expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', s.manager.uid]);
    });

    it("should follow the department's own reopen window", async () => {
      await app.em().execute('update department set reopen_days = 2 where id = ?', [s.department.id]);
      try {
        const id = await taken();
        await run(s.owner.uid, 'cancelTicket', { ticketId: id });
        await app.em().execute(`update ticket set ended_at = now() - interval '3 days' where id = ?`, [Number(id)]);
        expect(code(await call(s.owner.uid, 'reopenTicket', { ticketId: id, message: 'Encore' }))).toBe('FORBIDDEN');
        await app.em().execute(`update ticket set ended_at = now() - interval '1 day' where id = ?`, [Number(id)]);
        expect((await run(s.owner.uid, 'reopenTicket', { ticketId: id, message: 'Encore' })).status).toBe('IN_PROGRESS');
      } finally {
        await app.em().execute('update department set reopen_days = 30 where id = ?', [s.department.id]);
      }
    });

    it('should reopen to FREE without a manager when the last ticket manager left the department', async () => {
      const em = app.em();
      const leaver = await makeUser(em);
      await makeMember(em, await em.findOneOrFail(Department, s.department.id), leaver);
      const id = await taken(leaver.uid);
      await run(leaver.uid, 'refuseTicket', { ticketId: id, message: 'Pas pour nous' });
      await app.em().execute('delete from department_member where user_id = ? and department_id = ?', [leaver.id, s.department.id]);
      const t = await run(s.owner.uid, 'reopenTicket', { ticketId: id, message: 'Si, pour vous' });
      expect([t.status, t.manager]).toEqual(['FREE', null]);
      expect(last(t)).toMatchObject({ type: 'REOPENED', statusBefore: 'REFUSED', statusAfter: 'FREE' });
      const [row] = await app.em().execute<{ manager_id: number | null }[]>('select manager_id from ticket where id = ?', [Number(id)]);
      expect(row.manager_id).toBeNull();
    });
  });

  describe('move', () => {
    it('should let a member move within the department and keep the manager and the status', async () => {
      const id = await incomplete();
      const t = await run(s.manager2.uid, 'moveTicket', { ticketId: id, categoryId: String(sibling.id), message: 'Mauvaise catégorie' });
      expect([t.status, t.manager?.uid, t.category.id, t.department.id]).toEqual([
        'INCOMPLETE',
        s.manager.uid,
        String(sibling.id),
        String(s.department.id),
      ]);
      expect(last(t)).toMatchObject({
        type: 'MOVED',
        statusBefore: 'INCOMPLETE',
        statusAfter: 'INCOMPLETE',
        actor: { uid: s.manager2.uid },
      });
      const [row] = await app
        .em()
        .execute<{ changes: { property: string; before: string | null; after: string | null }[] }[]>(
          `select changes from ticket_event where ticket_id = ? and type = 'MOVED'`,
          [Number(id)],
        );
      expect(row.changes).toEqual([{ property: 'category', before: s.category.path, after: sibling.path }]);
    });

    it('should free the ticket when a supervisor moves it to a department its manager is not a member of', async () => {
      const em = app.em();
      const target = await makeCategory(em, await makeDepartment(em));
      const id = await taken();
      await run(s.supervisor.uid, 'moveTicket', { ticketId: id, categoryId: String(target.id) });
      // Read as the owner: the supervisor of the old department is no staff of the new one.
      const t = await read(s.owner.uid, id);
      expect([t.status, t.manager, t.category.id, t.department.id]).toEqual([
        'FREE',
        null,
        String(target.id),
        String(target.department.id),
      ]);
      expect(t.history.slice(-1)).toMatchObject([
        { type: 'MOVED', statusBefore: 'IN_PROGRESS', statusAfter: 'FREE', actor: { uid: s.supervisor.uid } },
      ]);
      // The supervisor of the old department is no member of the new one: the ticket is gone from their reach.
      expect(code(await app.gql(s.manager.uid, 'query($id: ID!) { ticket(id: $id) { id } }', { id }))).toBe('NOT_FOUND');
    });

    it('should keep the manager when they are also a member of the target department', async () => {
      const em = app.em();
      const department = await makeDepartment(em);
      const target = await makeCategory(em, department);
      await makeMember(em, department, await em.findOneOrFail(User, s.manager.id));
      const id = await taken();
      await run(s.supervisor.uid, 'moveTicket', { ticketId: id, categoryId: String(target.id) });
      const t = await read(s.manager.uid, id);
      expect([t.status, t.manager?.uid, t.department.id]).toEqual(['IN_PROGRESS', s.manager.uid, String(department.id)]);
      expect(last(t)).toMatchObject({ type: 'MOVED', statusBefore: 'IN_PROGRESS', statusAfter: 'IN_PROGRESS' });
    });

    it("should run the target department's automatic assignment after moving a ticket there", async () => {
      const em = app.em();
      const department = await makeDepartment(em, { assignmentMode: AssignmentMode.FIRST });
      const target = await makeCategory(em, department);
      const first = await makeUser(em);
      const second = await makeUser(em);
      await makeMember(em, department, second, MemberRole.SUPERVISOR);
      await makeMember(em, department, first);
      const id = await taken();
      await run(s.supervisor.uid, 'moveTicket', { ticketId: id, categoryId: String(target.id) });
      const t = await read(s.owner.uid, id);
      expect([t.status, t.manager?.uid]).toEqual(['IN_PROGRESS', first.uid]);
      expect(t.history.slice(-2)).toMatchObject([
        { type: 'MOVED', statusBefore: 'IN_PROGRESS', statusAfter: 'FREE', actor: { uid: s.supervisor.uid } },
        { type: 'ASSIGNED', statusBefore: 'FREE', statusAfter: 'IN_PROGRESS', actor: null },
      ]);
    });
  });

  describe('updateTicket', () => {
    it('should let the owner change subject and priority while open, recording before → after', async () => {
      const id = await taken();
      const t = await run(s.owner.uid, 'updateTicket', { ticketId: id, input: { subject: 'Wifi en panne', priority: 5 } });
      expect([t.subject, t.priority, t.status]).toEqual(['Wifi en panne', 5, 'IN_PROGRESS']);
      expect(last(t)).toMatchObject({
        type: 'UPDATED',
        statusBefore: 'IN_PROGRESS',
        statusAfter: 'IN_PROGRESS',
        actor: { uid: s.owner.uid },
      });
      const [row] = await app
        .em()
        .execute<{ changes: unknown; visibility: string }[]>(
          `select changes, visibility from ticket_event where ticket_id = ? and type = 'UPDATED'`,
          [Number(id)],
        );
      expect(row.changes).toEqual([
        { property: 'subject', before: 'Connexion impossible', after: 'Wifi en panne' },
        { property: 'priority', before: '3', after: '5' },
      ]);
      expect(row.visibility).not.toBe('STAFF');
    });

    it('should refuse the owner changing subject or priority once the ticket has ended', async () => {
      const id = await taken();
      await run(s.owner.uid, 'closeTicket', { ticketId: id });
      const r = await call(s.owner.uid, 'updateTicket', { ticketId: id, input: { priority: 1 } });
      expect(r.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', action: 'UPDATE', status: 'APPROVED' });
    });

    it('should let the ticket manager change origin and time spent on a closed ticket, as an internal entry, but not its subject', async () => {
      const id = await closed();
      await run(s.owner.uid, 'approveClosure', { ticketId: id });
      const t = await run(s.manager.uid, 'updateTicket', { ticketId: id, input: { origin: 'PHONE', spentMinutes: 45 } });
      expect([t.origin, t.spentMinutes, t.status]).toEqual(['PHONE', 45, 'APPROVED']);
      const [row] = await app
        .em()
        .execute<{ changes: unknown; visibility: string; status_before: string; status_after: string }[]>(
          `select changes, visibility, status_before, status_after from ticket_event where ticket_id = ? and type = 'UPDATED'`,
          [Number(id)],
        );
      expect(row).toEqual({
        changes: [
          { property: 'origin', before: 'WEB', after: 'PHONE' },
          { property: 'spentMinutes', before: '0', after: '45' },
        ],
        visibility: 'STAFF',
        status_before: 'APPROVED',
        status_after: 'APPROVED',
      });
      expect(code(await call(s.manager.uid, 'updateTicket', { ticketId: id, input: { subject: 'Autre' } }))).toBe('FORBIDDEN');
      expect(code(await call(s.manager2.uid, 'updateTicket', { ticketId: id, input: { spentMinutes: 50 } }))).toBe('FORBIDDEN');
    });
  });

  describe('allowedActions matches what the mutations accept', () => {
    type Role = 'owner' | 'manager' | 'member' | 'supervisor' | 'invitee' | 'stranger';
    type Status = 'FREE' | 'IN_PROGRESS' | 'INCOMPLETE' | 'POSTPONED' | 'CLOSED' | 'APPROVED' | 'CANCELLED';
    const STATUSES: Status[] = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED', 'CLOSED', 'APPROVED', 'CANCELLED'];
    const REFUSALS = ['FORBIDDEN', 'INVALID_TRANSITION'];
    let guest: { id: number; uid: string };
    let outsider: { id: number; uid: string };

    const uidOf = (role: Role): string =>
      ({
        owner: s.owner.uid,
        manager: s.manager.uid,
        member: s.manager2.uid,
        supervisor: s.supervisor.uid,
        invitee: guest.uid,
        stranger: s.stranger.uid,
      })[role];

    /** A PUBLIC ticket (so a stranger may read it) with one invitee, brought to `status` by the API. */
    async function build(status: Status): Promise<string> {
      const id = await file({ visibility: 'PUBLIC' });
      await run(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      if (status === 'FREE') return id;
      await run(s.manager.uid, 'takeTicket', { ticketId: id });
      if (status === 'INCOMPLETE') await run(s.manager.uid, 'requestInformation', { ticketId: id, message: 'Précisez' });
      if (status === 'POSTPONED') await run(s.manager.uid, 'postponeTicket', { ticketId: id, until: tomorrow() });
      if (status === 'CLOSED' || status === 'APPROVED') await run(s.manager.uid, 'requestClosure', { ticketId: id, message: 'Fait' });
      if (status === 'APPROVED') await run(s.owner.uid, 'approveClosure', { ticketId: id });
      if (status === 'CANCELLED') await run(s.owner.uid, 'cancelTicket', { ticketId: id });
      return id;
    }

    /** Attempts one action with arguments that are valid whenever the action is allowed. */
    function attempt(action: string, uid: string, id: string, t: Tk): Promise<Result> {
      const open = ['FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED'].includes(t.status);
      const calls: Record<string, [string, Record<string, unknown>]> = {
        TAKE: ['takeTicket', {}],
        ASSIGN: ['assignTicket', { managerId: String(t.manager?.uid === s.manager2.uid ? s.manager.id : s.manager2.id) }],
        FREE: ['freeTicket', {}],
        REQUEST_INFORMATION: ['requestInformation', { message: 'Précisez' }],
        ADD_COMMENT: ['addComment', { message: 'Un mot' }],
        POSTPONE: ['postponeTicket', { until: tomorrow() }],
        RECALL: ['recallTicket', {}],
        REQUEST_CLOSURE: ['requestClosure', { message: 'Fait' }],
        CLOSE: ['closeTicket', {}],
        APPROVE_CLOSURE: ['approveClosure', {}],
        REFUSE_CLOSURE: ['refuseClosure', { message: 'Non' }],
        CANCEL: ['cancelTicket', {}],
        REFUSE: ['refuseTicket', { message: 'Non' }],
        REOPEN: ['reopenTicket', { message: 'Encore' }],
        MOVE: ['moveTicket', { categoryId: String(sibling.id) }],
        INVITE: ['inviteUser', { user: outsider.uid }],
        REMOVE_INVITATION: ['removeInvitation', { userId: String(guest.id) }],
        WATCH: ['watchTicket', {}],
        UNWATCH: ['unwatchTicket', {}],
        UPDATE: ['updateTicket', { input: open ? { subject: 'Nouveau sujet' } : { spentMinutes: 12 } }],
        CHANGE_OWNER: ['changeOwner', { user: outsider.uid }],
      };
      const [name, args] = calls[action];
      return call(uid, name, { ticketId: id, ...args });
    }

    async function check(role: Role): Promise<void> {
      const uid = uidOf(role);
      const mismatches: string[] = [];
      for (const status of STATUSES) {
        const probe = await build(status);
        const seen = await read(uid, probe);
        expect(seen.status).toBe(status);
        for (const action of Object.keys(ACTIONS)) {
          const listed = seen.allowedActions.includes(action);
          // Accepted actions change the ticket: each runs on its own fresh copy.
          const target = listed ? await build(status) : probe;
          const result = await attempt(action, uid, target, listed ? await read(uid, target) : seen);
          const error = result.errors?.[0];
          const answer = error ? JSON.stringify(error.extensions?.code ?? error.message).replaceAll('"', '') : 'OK';
          if (listed && answer !== 'OK') mismatches.push(`${role}@${status}: ${action} listed but answered ${answer}`);
          if (!listed && !REFUSALS.includes(answer)) mismatches.push(`${role}@${status}: ${action} not listed but answered ${answer}`);
        }
      }
      expect(mismatches).toEqual([]);
    }
    // Every action but ATTACH_FILES (uploads are another suite's).
    const ACTIONS: Record<string, true> = Object.fromEntries(
      Object.values(TicketAction)
        .filter((a) => a !== TicketAction.ATTACH_FILES)
        .map((a) => [a, true]),
    );

    beforeAll(async () => {
      const g = await makeUser(app.em());
      const o = await makeUser(app.em());
      guest = { id: g.id, uid: g.uid };
      outsider = { id: o.id, uid: o.uid };
    });

    it('should offer the owner exactly the actions the API accepts from them', async () => {
      await check('owner');
    }, 120_000);
    it('should offer the ticket manager exactly the actions the API accepts from them', async () => {
      await check('manager');
    }, 120_000);
    it('should offer a plain member exactly the actions the API accepts from them', async () => {
      await check('member');
    }, 120_000);
    it('should offer a supervisor exactly the actions the API accepts from them', async () => {
      await check('supervisor');
    }, 120_000);
    it('should offer an invitee exactly the actions the API accepts from them', async () => {
      await check('invitee');
    }, 120_000);
    it('should offer a stranger on a PUBLIC ticket only WATCH, and refuse everything else', async () => {
      const id = await build('IN_PROGRESS');
      expect((await read(s.stranger.uid, id)).allowedActions).toEqual(['WATCH']);
      await check('stranger');
    }, 120_000);
  });
});
