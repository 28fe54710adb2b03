import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory, makeDepartment, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';
import type { Category } from '../model/category.entity.js';
import { Department } from '../model/department.entity.js';

/**
 * Every refused call answers the documented error code (and field / action / status) and leaves
 * the ticket, its history, invitations and watchers exactly as they were.
 */

const TICKET = 'id status';

type Result = GqlResult<{ r: { id: string; status: string } }>;

interface Snapshot {
  ticket: Record<string, unknown>;
  events: Record<string, unknown>[];
  invitations: Record<string, unknown>[];
  watchers: Record<string, unknown>[];
  users: Record<string, unknown>[];
  categories: Record<string, unknown>[];
}

describe('lifecycle mutations refuse bad input and wrong actors without changing anything', () => {
  const app = useTestApp();
  const s = useScene(app);
  let otherCategory: Category;
  let disabledCategory: Category;
  let guest: { id: number; uid: string; email: string | null };

  /** Calls one mutation with typed variables, selecting the ticket as `r`. */
  const call = (uid: string, name: string, args: Record<string, unknown>): Promise<Result> =>
    callAction<{ id: string; status: string }>(app, uid, name, args, TICKET);
  const extensions = (r: Result): Record<string, unknown> | undefined => r.errors?.[0]?.extensions;

  async function snapshot(ticketId: string): Promise<Snapshot> {
    const em = app.em();
    const id = Number(ticketId);
    const [ticket] = await em.execute<Record<string, unknown>[]>('select * from ticket where id = ?', [id]);
    return {
      ticket: ticket,
      events: await em.execute('select * from ticket_event where ticket_id = ? order by id', [id]),
      invitations: await em.execute('select * from invitation where ticket_id = ? order by id', [id]),
      watchers: await em.execute('select * from watcher where ticket_id = ? order by id', [id]),
      // A refused invitation by email must not leave a provisional user behind.
      users: await em.execute('select id, uid, email, provisional from app_user order by id'),
      categories: await em.execute('select id, enabled, department_id from category order by id'),
    };
  }

  /** Runs a refused call and checks that nothing about the ticket (or the users) changed. */
  async function expectUnchanged(ticketId: string, fn: () => Promise<void>): Promise<void> {
    const before = await snapshot(ticketId);
    expect(before.ticket).toBeDefined();
    await fn();
    expect(await snapshot(ticketId)).toEqual(before);
  }

  /** Calls a mutation that must fail with exactly these extensions, and changes nothing. */
  async function refused(
    ticketId: string,
    uid: string,
    name: string,
    args: Record<string, unknown>,
    expected: Record<string, unknown>,
  ): Promise<void> {
    await expectUnchanged(ticketId, async () => {
      const result = await call(uid, name, { ticketId, ...args });
      expect(result.data?.r ?? null, `${name} by ${uid} should fail`).toBeNull();
      expect(extensions(result), `${name} ${JSON.stringify(args)}`).toEqual(expected);
    });
  }

  const file = (extra: Record<string, unknown> = {}): Promise<string> => fileTicket(app, s.owner.uid, s.category.id, extra);
  const step = async (uid: string, name: string, args: Record<string, unknown>): Promise<void> => {
    ok(await call(uid, name, args));
  };
  async function inProgress(extra: Record<string, unknown> = {}): Promise<string> {
    const id = await file(extra);
    await step(s.manager.uid, 'takeTicket', { ticketId: id });
    return id;
  }
  async function incomplete(): Promise<string> {
    const id = await inProgress();
    await step(s.manager.uid, 'requestInformation', { ticketId: id, message: 'Quel navigateur ?' });
    return id;
  }
  async function closed(): Promise<string> {
    const id = await inProgress();
    await step(s.manager.uid, 'requestClosure', { ticketId: id, message: 'Corrigé.' });
    return id;
  }
  async function cancelled(): Promise<string> {
    const id = await inProgress();
    await step(s.owner.uid, 'cancelTicket', { ticketId: id });
    return id;
  }

  beforeAll(async () => {
    const em = app.em();
    const department = await em.findOneOrFail(Department, s.department.id);
    otherCategory = await makeCategory(em, department, 'Autre');
    disabledCategory = await makeCategory(em, department, 'Fermée');
    disabledCategory.enabled = false;
    await em.flush();
    const g = await makeUser(app.em());
    guest = { id: g.id, uid: g.uid, email: g.email };
  });

  describe('actions the status does not allow', () => {
    it('should answer INVALID_TRANSITION naming the action and status to approveClosure on an IN_PROGRESS ticket by its owner', async () => {
      const id = await inProgress();
      await refused(
        id,
        s.owner.uid,
        'approveClosure',
        {},
        { code: 'INVALID_TRANSITION', action: 'APPROVE_CLOSURE', status: 'IN_PROGRESS' },
      );
    });

    it('should answer INVALID_TRANSITION to refuseClosure on an IN_PROGRESS ticket by its owner', async () => {
      const id = await inProgress();
      await refused(
        id,
        s.owner.uid,
        'refuseClosure',
        { message: 'Non' },
        { code: 'INVALID_TRANSITION', action: 'REFUSE_CLOSURE', status: 'IN_PROGRESS' },
      );
    });

    it('should answer INVALID_TRANSITION to requestInformation by the ticket manager while the ticket is INCOMPLETE or CLOSED', async () => {
      const waiting = await incomplete();
      await refused(
        waiting,
        s.manager.uid,
        'requestInformation',
        { message: 'Encore ?' },
        { code: 'INVALID_TRANSITION', action: 'REQUEST_INFORMATION', status: 'INCOMPLETE' },
      );
      const done = await closed();
      await refused(
        done,
        s.manager.uid,
        'requestInformation',
        { message: 'Encore ?' },
        { code: 'INVALID_TRANSITION', action: 'REQUEST_INFORMATION', status: 'CLOSED' },
      );
    });

    it('should answer INVALID_TRANSITION to recallTicket on an IN_PROGRESS ticket by its manager', async () => {
      const id = await inProgress();
      await refused(id, s.manager.uid, 'recallTicket', {}, { code: 'INVALID_TRANSITION', action: 'RECALL', status: 'IN_PROGRESS' });
    });

    it('should answer INVALID_TRANSITION to freeTicket on a FREE ticket by a supervisor and to cancelTicket on a CANCELLED one', async () => {
      const id = await file();
      await refused(id, s.supervisor.uid, 'freeTicket', {}, { code: 'INVALID_TRANSITION', action: 'FREE', status: 'FREE' });
      const gone = await cancelled();
      await refused(gone, s.owner.uid, 'cancelTicket', {}, { code: 'INVALID_TRANSITION', action: 'CANCEL', status: 'CANCELLED' });
    });

    it('should answer INVALID_TRANSITION to postponeTicket and requestClosure on a CLOSED ticket by its manager', async () => {
      const id = await closed();
      const until = new Date(Date.now() + 86_400_000).toISOString();
      await refused(id, s.manager.uid, 'postponeTicket', { until }, { code: 'INVALID_TRANSITION', action: 'POSTPONE', status: 'CLOSED' });
      await refused(
        id,
        s.manager.uid,
        'requestClosure',
        { message: 'Encore' },
        { code: 'INVALID_TRANSITION', action: 'REQUEST_CLOSURE', status: 'CLOSED' },
      );
    });

    it('should answer INVALID_TRANSITION to reopenTicket on a ticket that is still open, even by its owner', async () => {
      const id = await inProgress();
      await refused(
        id,
        s.supervisor.uid,
        'reopenTicket',
        { message: 'Encore' },
        { code: 'INVALID_TRANSITION', action: 'REOPEN', status: 'IN_PROGRESS' },
      );
      await refused(
        id,
        s.owner.uid,
        'reopenTicket',
        { message: 'Encore' },
        { code: 'INVALID_TRANSITION', action: 'REOPEN', status: 'IN_PROGRESS' },
      );
    });
  });

  describe('actors without the right', () => {
    it('should answer a stranger on a PRIVATE ticket exactly as for a ticket that does not exist', async () => {
      const id = await inProgress();
      const missing = '99999999';
      const attempts: [string, Record<string, unknown>][] = [
        ['takeTicket', {}],
        ['cancelTicket', {}],
        ['addComment', { message: 'Bonjour' }],
        ['watchTicket', {}],
        ['inviteUser', { user: guest.uid }],
        ['updateTicket', { input: { subject: 'Autre sujet' } }],
        ['moveTicket', { categoryId: String(otherCategory.id) }],
        ['changeOwner', { user: guest.uid }],
      ];
      const shape = (r: Result, ticketId: string): unknown => ({
        data: r.data ?? null,
        errors: r.errors?.map((e) => ({ message: e.message.replaceAll(ticketId, '#'), extensions: e.extensions })),
      });
      for (const [name, args] of attempts) {
        await expectUnchanged(id, async () => {
          const hidden = await call(s.stranger.uid, name, { ticketId: id, ...args });
          const absent = await call(s.stranger.uid, name, { ticketId: missing, ...args });
          expect(extensions(hidden), name).toEqual({ code: 'NOT_FOUND' });
          expect(shape(hidden, id), name).toEqual(shape(absent, missing));
        });
      }
      const read = await app.gql(s.stranger.uid, 'query($id: ID!) { ticket(id: $id) { id } }', { id });
      expect(extensions(read as Result)).toEqual({ code: 'NOT_FOUND' });
    });

    it('should answer FORBIDDEN to an invitee who tries to cancel, close or take the ticket', async () => {
      const id = await inProgress();
      await step(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      await refused(id, guest.uid, 'cancelTicket', {}, { code: 'FORBIDDEN' });
      await refused(id, guest.uid, 'closeTicket', {}, { code: 'FORBIDDEN' });
      await refused(id, guest.uid, 'takeTicket', {}, { code: 'FORBIDDEN' });
      await refused(id, guest.uid, 'inviteUser', { user: s.stranger.uid }, { code: 'FORBIDDEN' });
    });

    it('should answer FORBIDDEN to a signed-in stranger acting on a PUBLIC ticket they may read', async () => {
      const id = await inProgress({ visibility: 'PUBLIC' });
      await refused(id, s.stranger.uid, 'addComment', { message: 'Moi aussi' }, { code: 'FORBIDDEN' });
      await refused(id, s.stranger.uid, 'takeTicket', {}, { code: 'FORBIDDEN' });
      await refused(id, s.stranger.uid, 'cancelTicket', {}, { code: 'FORBIDDEN' });
      await refused(id, s.stranger.uid, 'updateTicket', { input: { priority: 5 } }, { code: 'FORBIDDEN' });
    });

    it('should answer FORBIDDEN to the owner who tries to take, free, assign or refuse their own ticket', async () => {
      const free = await file();
      await refused(free, s.owner.uid, 'takeTicket', {}, { code: 'FORBIDDEN' });
      await refused(free, s.owner.uid, 'assignTicket', { managerId: String(s.manager.id) }, { code: 'FORBIDDEN' });
      const taken = await inProgress();
      await refused(taken, s.owner.uid, 'freeTicket', {}, { code: 'FORBIDDEN' });
      await refused(taken, s.owner.uid, 'refuseTicket', { message: 'Non' }, { code: 'FORBIDDEN' });
      await refused(taken, s.owner.uid, 'requestClosure', { message: 'Fini' }, { code: 'FORBIDDEN' });
    });
  });

  describe('messages that are required', () => {
    const EMPTY = ['', '   ', '<p></p>', '<p> &nbsp; </p>', '<script>alert(1)</script>'];

    it('should answer BAD_USER_INPUT on field message to refuseClosure with an empty justification', async () => {
      const id = await closed();
      for (const message of EMPTY)
        await refused(id, s.owner.uid, 'refuseClosure', { message }, { code: 'BAD_USER_INPUT', field: 'message' });
    });

    it('should answer BAD_USER_INPUT on field message to refuseTicket with an empty reason', async () => {
      const id = await inProgress();
      for (const message of EMPTY)
        await refused(id, s.manager.uid, 'refuseTicket', { message }, { code: 'BAD_USER_INPUT', field: 'message' });
    });

    it('should answer BAD_USER_INPUT on field message to reopenTicket with an empty reason', async () => {
      const id = await cancelled();
      for (const message of EMPTY)
        await refused(id, s.owner.uid, 'reopenTicket', { message }, { code: 'BAD_USER_INPUT', field: 'message' });
    });

    it('should answer BAD_USER_INPUT on field message to requestInformation with an empty question', async () => {
      const id = await inProgress();
      for (const message of EMPTY)
        await refused(id, s.manager.uid, 'requestInformation', { message }, { code: 'BAD_USER_INPUT', field: 'message' });
    });

    it('should answer BAD_USER_INPUT on field message to addComment and requestClosure with an empty message', async () => {
      const id = await inProgress();
      for (const message of EMPTY) {
        await refused(id, s.owner.uid, 'addComment', { message }, { code: 'BAD_USER_INPUT', field: 'message' });
        await refused(id, s.manager.uid, 'requestClosure', { message }, { code: 'BAD_USER_INPUT', field: 'message' });
      }
    });
  });

  describe('arguments that make no sense', () => {
    it('should answer BAD_USER_INPUT on field until to postponeTicket to a past date or to now', async () => {
      const id = await inProgress();
      for (const until of [new Date(Date.now() - 60_000).toISOString(), '2001-01-01T00:00:00Z']) {
        await refused(id, s.manager.uid, 'postponeTicket', { until }, { code: 'BAD_USER_INPUT', field: 'until', reason: 'PAST_DATE' });
      }
    });

    it('should answer BAD_USER_INPUT on field managerId to assignTicket to a non-member or an unknown id', async () => {
      const id = await file();
      for (const managerId of [String(s.stranger.id), String(s.owner.id), '99999999', 'nobody']) {
        await refused(id, s.supervisor.uid, 'assignTicket', { managerId }, { code: 'BAD_USER_INPUT', field: 'managerId' });
      }
    });

    it('should answer BAD_USER_INPUT on field managerId to assignTicket to the member who already manages the ticket', async () => {
      const id = await inProgress();
      await refused(
        id,
        s.supervisor.uid,
        'assignTicket',
        { managerId: String(s.manager.id) },
        { code: 'BAD_USER_INPUT', field: 'managerId' },
      );
    });

    it('should answer BAD_USER_INPUT on field categoryId to moveTicket to a disabled category or to its own category', async () => {
      const id = await inProgress();
      await refused(
        id,
        s.manager.uid,
        'moveTicket',
        { categoryId: String(disabledCategory.id) },
        { code: 'BAD_USER_INPUT', field: 'categoryId' },
      );
      await refused(
        id,
        s.manager.uid,
        'moveTicket',
        { categoryId: String(s.category.id) },
        { code: 'BAD_USER_INPUT', field: 'categoryId' },
      );
    });

    it('should answer NOT_FOUND to moveTicket to an unknown category', async () => {
      const id = await inProgress();
      for (const categoryId of ['99999999', 'abc']) await refused(id, s.manager.uid, 'moveTicket', { categoryId }, { code: 'NOT_FOUND' });
    });

    it('should answer FORBIDDEN to a plain member who moves a ticket to another department', async () => {
      const em = app.em();
      const elsewhere = await makeCategory(em, await makeDepartment(em));
      const id = await inProgress();
      await refused(id, s.manager.uid, 'moveTicket', { categoryId: String(elsewhere.id) }, { code: 'FORBIDDEN' });
      await refused(id, s.manager2.uid, 'moveTicket', { categoryId: String(elsewhere.id) }, { code: 'FORBIDDEN' });
    });
  });

  describe('invitations', () => {
    it('should answer BAD_USER_INPUT on field user to invite oneself, by uid or by email', async () => {
      const id = await inProgress();
      const self = { code: 'BAD_USER_INPUT', field: 'user', reason: 'SELF' };
      await refused(id, s.manager.uid, 'inviteUser', { user: s.manager.uid }, self);
      await refused(id, s.manager.uid, 'inviteUser', { user: s.manager.email!.toUpperCase() }, self);
    });

    it('should answer BAD_USER_INPUT on field user to invite the owner', async () => {
      const id = await inProgress();
      await refused(id, s.manager.uid, 'inviteUser', { user: s.owner.uid }, { code: 'BAD_USER_INPUT', field: 'user', reason: 'OWNER' });
      // The owner inviting themself: they are first themself.
      await refused(id, s.owner.uid, 'inviteUser', { user: s.owner.uid }, { code: 'BAD_USER_INPUT', field: 'user', reason: 'SELF' });
    });

    it('should answer BAD_USER_INPUT on field user to invite someone already invited, by uid or by email', async () => {
      const id = await inProgress();
      await step(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      const again = { code: 'BAD_USER_INPUT', field: 'user', reason: 'ALREADY_INVITED' };
      await refused(id, s.owner.uid, 'inviteUser', { user: guest.uid }, again);
      await refused(id, s.manager.uid, 'inviteUser', { user: guest.email! }, again);
    });

    it('should answer BAD_USER_INPUT on field user to invite an unknown uid or nothing', async () => {
      const id = await inProgress();
      for (const user of ['nobody-known', '', '   ', 'not an email@']) {
        await refused(id, s.owner.uid, 'inviteUser', { user }, { code: 'BAD_USER_INPUT', field: 'user', reason: 'UNKNOWN_USER' });
      }
    });

    it('should answer BAD_USER_INPUT on field userId to remove the invitation of someone not invited', async () => {
      const id = await inProgress();
      await step(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      for (const userId of [String(s.stranger.id), String(s.owner.id), '99999999', 'x']) {
        await refused(id, s.owner.uid, 'removeInvitation', { userId }, { code: 'BAD_USER_INPUT', field: 'userId' });
      }
    });
  });

  describe('changing the owner', () => {
    it('should answer BAD_USER_INPUT on field user to changeOwner to an unknown uid, nothing, or something that is no email', async () => {
      const id = await inProgress();
      for (const user of ['nobody-known', '', '   ', 'not an email@', 'x'.repeat(65)]) {
        await refused(id, s.manager.uid, 'changeOwner', { user }, { code: 'BAD_USER_INPUT', field: 'user', reason: 'UNKNOWN_USER' });
      }
    });

    it('should answer BAD_USER_INPUT on field user to changeOwner to the current owner, by uid or by email', async () => {
      const id = await inProgress();
      await refused(id, s.manager.uid, 'changeOwner', { user: s.owner.uid }, { code: 'BAD_USER_INPUT', field: 'user', reason: 'OWNER' });
      await refused(
        id,
        s.supervisor.uid,
        'changeOwner',
        { user: s.owner.email!.toUpperCase() },
        { code: 'BAD_USER_INPUT', field: 'user', reason: 'OWNER' },
      );
    });

    it('should answer FORBIDDEN to the owner, an invitee or a plain member who changes the owner, before looking at the user named', async () => {
      const id = await inProgress();
      await step(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      // An unknown uid and an unknown email answer like a known one: nobody learns who exists by trying.
      for (const user of [s.stranger.uid, 'nobody-known', 'unknown.person@univ.example.fr']) {
        await refused(id, s.owner.uid, 'changeOwner', { user }, { code: 'FORBIDDEN' });
        await refused(id, guest.uid, 'changeOwner', { user }, { code: 'FORBIDDEN' });
        await refused(id, s.manager2.uid, 'changeOwner', { user }, { code: 'FORBIDDEN' });
      }
    });

    it('should answer INVALID_TRANSITION to changeOwner on an ended ticket, even by a supervisor', async () => {
      const id = await cancelled();
      await refused(
        id,
        s.supervisor.uid,
        'changeOwner',
        { user: s.stranger.uid },
        { code: 'INVALID_TRANSITION', action: 'CHANGE_OWNER', status: 'CANCELLED' },
      );
    });
  });

  describe('entry options and properties', () => {
    it('should answer FORBIDDEN when the owner changes the visibility or the origin', async () => {
      const id = await inProgress();
      await refused(id, s.owner.uid, 'updateTicket', { input: { visibility: 'PUBLIC' } }, { code: 'FORBIDDEN' });
      await refused(id, s.owner.uid, 'updateTicket', { input: { origin: 'PHONE' } }, { code: 'FORBIDDEN' });
      await refused(id, s.owner.uid, 'updateTicket', { input: { subject: 'Nouveau', spentMinutes: 10 } }, { code: 'FORBIDDEN' });
    });

    it('should answer FORBIDDEN when a non-staff user asks to act silently', async () => {
      const id = await inProgress();
      await step(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      await refused(id, s.owner.uid, 'addComment', { message: 'Chut', silent: true }, { code: 'FORBIDDEN' });
      await refused(id, guest.uid, 'addComment', { message: 'Chut', silent: true }, { code: 'FORBIDDEN' });
      await refused(id, s.owner.uid, 'inviteUser', { user: s.stranger.uid, silent: true }, { code: 'FORBIDDEN' });
      await refused(id, s.owner.uid, 'updateTicket', { input: { priority: 5 }, silent: true }, { code: 'FORBIDDEN' });
    });

    it('should answer FORBIDDEN when a non-staff user writes an internal note or an entry aimed at some participants', async () => {
      const id = await inProgress();
      await step(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
      for (const visibility of ['STAFF', 'OWNER', 'INVITEES']) {
        await refused(id, s.owner.uid, 'addComment', { message: 'Note', visibility }, { code: 'FORBIDDEN' });
        await refused(id, guest.uid, 'addComment', { message: 'Note', visibility }, { code: 'FORBIDDEN' });
      }
    });

    it('should answer BAD_USER_INPUT to updateTicket when nothing changes', async () => {
      const id = await inProgress({ priority: 4 });
      await refused(id, s.manager.uid, 'updateTicket', { input: {} }, { code: 'BAD_USER_INPUT', field: 'input' });
      await refused(
        id,
        s.manager.uid,
        'updateTicket',
        { input: { subject: 'Connexion impossible', priority: 4, origin: 'WEB', spentMinutes: 0 } },
        { code: 'BAD_USER_INPUT', field: 'input' },
      );
    });

    it('should answer BAD_USER_INPUT on field priority to a priority outside 1…5', async () => {
      const id = await inProgress();
      for (const priority of [9, 0, -1, 6]) {
        await refused(id, s.manager.uid, 'updateTicket', { input: { priority } }, { code: 'BAD_USER_INPUT', field: 'priority' });
        await refused(id, s.owner.uid, 'updateTicket', { input: { priority } }, { code: 'BAD_USER_INPUT', field: 'priority' });
      }
    });

    it('should answer BAD_USER_INPUT on field subject to an empty subject and on spentMinutes to a negative time', async () => {
      const id = await inProgress();
      await refused(id, s.manager.uid, 'updateTicket', { input: { subject: '   ' } }, { code: 'BAD_USER_INPUT', field: 'subject' });
      await refused(id, s.manager.uid, 'updateTicket', { input: { spentMinutes: -5 } }, { code: 'BAD_USER_INPUT', field: 'spentMinutes' });
    });
  });
});
