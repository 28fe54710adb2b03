import { beforeAll, describe, expect, it } from 'vitest';
import { MemberRole } from '../model/catalogue.enums.js';
import * as catalogue from '../catalogue/catalogue.service.js';
import { Category } from '../model/category.entity.js';
import { Department } from '../model/department.entity.js';
import { RENAME_CHANGE_KEYS } from '../db/migrations/Migration20261129100000History.js';
import { User } from '../model/user.entity.js';
import { fileTicket, makeCategory, makeDepartment, makeMember, makeUser } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';

/** TicketEvent.changes: what each entry changed, before → after, in words a person reads, in their language. */

interface Change {
  property: string;
  before: string | null;
  after: string | null;
}
interface Entry {
  type: string;
  changes: Change[];
}
const HISTORY = 'history { type changes { property before after } }';

describe('the history says what changed', () => {
  const app = useTestApp();
  const s = useScene(app);
  let english: User;

  beforeAll(async () => {
    const em = app.em();
    english = await makeUser(em, undefined, { displayName: 'Sam Smith', locale: 'en' });
    await makeMember(em, await em.findOneOrFail(Department, s.department.id), english, MemberRole.MANAGER);
  });

  const act = async (uid: string, name: string, args: Record<string, unknown>): Promise<void> => {
    ok(await callAction(app, uid, name, args, 'id'));
  };
  const history = async (uid: string, id: string): Promise<Entry[]> =>
    ok(await app.gql<{ ticket: { history: Entry[] } }>(uid, `query($id: ID!) { ticket(id: $id) { ${HISTORY} } }`, { id })).ticket.history;
  const last = async (uid: string, id: string, type: string): Promise<Change[]> =>
    (await history(uid, id)).filter((e) => e.type === type).at(-1)!.changes;

  it('should name the two categories of a move, as in "Exterieurs - ENT → DNUM - ENT"', async () => {
    const em = app.em();
    const department = await em.findOneOrFail(Department, s.department.id);
    const from = await makeCategory(em, department, 'ENT', await makeCategory(em, department, 'Exterieurs'));
    const dnumDepartment = await makeDepartment(em);
    const to = await makeCategory(em, dnumDepartment, 'ENT', await makeCategory(em, dnumDepartment, 'DNUM'));
    const id = await fileTicket(app, s.owner.uid, from.id);

    await act(s.supervisor.uid, 'moveTicket', { ticketId: id, categoryId: String(to.id) });

    expect(await last(s.owner.uid, id, 'MOVED')).toEqual([{ property: 'category', before: 'Exterieurs - ENT', after: 'DNUM - ENT' }]);
  });

  it('should name the manager of TAKEN, ASSIGNED and FREED, and the person of INVITED and INVITATION_REMOVED', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const guest = await makeUser(app.em(), undefined, { displayName: 'Invitée Dupont' });
    await act(s.manager.uid, 'takeTicket', { ticketId: id });
    await act(s.supervisor.uid, 'assignTicket', { ticketId: id, managerId: String(s.manager2.id) });
    await act(s.manager2.uid, 'freeTicket', { ticketId: id });
    await act(s.owner.uid, 'inviteUser', { ticketId: id, user: guest.uid });
    await act(s.owner.uid, 'removeInvitation', { ticketId: id, userId: String(guest.id) });

    expect((await history(s.owner.uid, id)).slice(1)).toEqual([
      { type: 'TAKEN', changes: [{ property: 'manager', before: null, after: s.manager.displayName }] },
      { type: 'ASSIGNED', changes: [{ property: 'manager', before: s.manager.displayName, after: s.manager2.displayName }] },
      { type: 'FREED', changes: [{ property: 'manager', before: s.manager2.displayName, after: null }] },
      { type: 'INVITED', changes: [{ property: 'invitee', before: null, after: 'Invitée Dupont' }] },
      { type: 'INVITATION_REMOVED', changes: [{ property: 'invitee', before: 'Invitée Dupont', after: null }] },
    ]);
  });

  it("should word priorities, visibilities and recall dates in the reader's language (French by default)", async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    await act(s.manager.uid, 'takeTicket', { ticketId: id });
    await act(s.manager.uid, 'updateTicket', { ticketId: id, input: { priority: 5, visibility: 'PUBLIC' } });
    await act(s.manager.uid, 'postponeTicket', { ticketId: id, until: '2099-01-15T08:30:00Z' });

    expect(await last(s.owner.uid, id, 'UPDATED')).toEqual([
      { property: 'priority', before: 'Normale', after: 'Très élevée' },
      { property: 'visibility', before: 'Privé', after: 'Public' },
    ]);
    expect(await last(s.owner.uid, id, 'POSTPONED')).toEqual([{ property: 'recallAt', before: null, after: '15/01/2099 09:30' }]);
    expect(await last(english.uid, id, 'UPDATED')).toEqual([
      { property: 'priority', before: 'Normal', after: 'Very high' },
      { property: 'visibility', before: 'Private', after: 'Public' },
    ]);
    expect(await last(english.uid, id, 'POSTPONED')).toEqual([{ property: 'recallAt', before: null, after: '2099-01-15 09:30' }]);
  });

  it('should show origin and time spent to staff only, even inside an entry the owner reads', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    await act(s.manager.uid, 'takeTicket', { ticketId: id });
    await act(s.manager.uid, 'updateTicket', { ticketId: id, input: { subject: 'Wifi en panne', origin: 'PHONE', spentMinutes: 30 } });

    expect(await last(s.manager.uid, id, 'UPDATED')).toEqual([
      { property: 'subject', before: 'Connexion impossible', after: 'Wifi en panne' },
      { property: 'origin', before: 'Web', after: 'Téléphone' },
      { property: 'spentMinutes', before: '0', after: '30' },
    ]);
    expect(await last(s.owner.uid, id, 'UPDATED')).toEqual([
      { property: 'subject', before: 'Connexion impossible', after: 'Wifi en panne' },
    ]);
  });

  it('should keep names and paths as they read when the entry was written, after a rename', async () => {
    const em = app.em();
    const department = await em.findOneOrFail(Department, s.department.id);
    const parent = await makeCategory(em, department, 'Messagerie');
    const from = await makeCategory(em, department, 'Webmail', parent);
    const to = await makeCategory(em, department, 'Agenda', parent);
    // Signing in names them as their token does (the harness: their uid).
    const manager = await makeUser(em);
    await makeMember(em, department, manager);
    const id = await fileTicket(app, s.owner.uid, from.id);
    await act(manager.uid, 'takeTicket', { ticketId: id });
    await act(manager.uid, 'moveTicket', { ticketId: id, categoryId: String(to.id) });

    const later = app.em();
    await catalogue.updateCategory(later, await later.findOneOrFail(Category, parent.id), { label: 'Courrier' });
    await later.nativeUpdate(User, { id: manager.id }, { displayName: 'Nouveau Nom' });

    expect((await history(s.owner.uid, id)).slice(1)).toEqual([
      { type: 'TAKEN', changes: [{ property: 'manager', before: null, after: manager.uid }] },
      { type: 'MOVED', changes: [{ property: 'category', before: 'Messagerie - Webmail', after: 'Messagerie - Agenda' }] },
    ]);
  });

  it('should read entries written before the stable keys once the migration renamed `field` to `property`', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const old = [
      { field: 'invitees', before: null, after: 'Invité Ancien' },
      { field: 'priority', before: '3', after: '1' },
    ];
    await app.em().execute(
      `insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, visibility, changes, silent)
         values (?, 'UPDATED', now(), ?, 'FREE', 'FREE', 'PARTICIPANTS', ?::jsonb, false)`,
      [Number(id), s.manager.id, JSON.stringify(old)],
    );

    await app.em().execute(RENAME_CHANGE_KEYS);

    expect(await last(s.owner.uid, id, 'UPDATED')).toEqual([
      { property: 'invitee', before: null, after: 'Invité Ancien' },
      { property: 'priority', before: 'Normale', after: 'Très basse' },
    ]);
    const [row] = await app
      .em()
      .execute<{ changes: unknown }[]>(`select changes from ticket_event where ticket_id = ? and type = 'UPDATED'`, [Number(id)]);
    expect(row.changes).toEqual([
      { property: 'invitee', before: null, after: 'Invité Ancien' },
      { property: 'priority', before: '3', after: '1' },
    ]);
  });
});
