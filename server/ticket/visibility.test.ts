import { beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeMember, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok, type TestApp } from '../../test/harness.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import type { User } from '../model/user.entity.js';

/** Ticket visibility (PRIVATE / PUBLIC / SUBJECT_ONLY) and confidential departments, through the API. */

const FULL = `id number subject status
  owner { uid displayName email } creator { uid } manager { uid }
  history { type visibility message } attachments { id } invitees { uid }
  allowedActions ownerRecentTickets { id }`;
interface View {
  id: string;
  number: number;
  subject: string;
  status: string;
  owner: { uid: string; displayName: string; email: string | null } | null;
  creator: { uid: string } | null;
  manager: { uid: string } | null;
  history: { type: string; visibility: string; message: string | null }[];
  attachments: { id: string }[];
  invitees: { uid: string }[];
  allowedActions: string[];
  ownerRecentTickets: { id: string }[];
}

describe('who may read a ticket', () => {
  const app = useTestApp();
  const s = useScene(app);
  const c = useScene(app, { confidential: true }); // a confidential department
  let invitee: User;

  const view = async (uid: string, id: string): Promise<View> =>
    ok(await app.gql<{ ticket: View }>(uid, `query($id: ID!) { ticket(id: $id) { ${FULL} } }`, { id })).ticket;
  const list = async (uid: string, filter: Record<string, unknown> = {}): Promise<{ totalCount: number; nodes: View[] }> => {
    const data = ok(
      await app.gql<{ tickets: { totalCount: number; edges: { node: View }[] } }>(
        uid,
        `query($f: TicketFilter) { tickets(filter: $f, first: 20) { totalCount edges { node { ${FULL} } } } }`,
        { f: filter },
      ),
    );
    return { totalCount: data.tickets.totalCount, nodes: data.tickets.edges.map((e) => e.node) };
  };
  const gqlTicket = (uid: string, id: string): ReturnType<TestApp['gql']> =>
    app.gql(uid, 'query($id: ID!) { ticket(id: $id) { id subject } }', { id });
  const comment = async (uid: string, id: string, m: string, v: string | null = null): Promise<void> => {
    ok(
      await app.gql(
        uid,
        'mutation($id: ID!, $m: String!, $v: EntryVisibility) { addComment(ticketId: $id, message: $m, visibility: $v) { id } }',
        { id, m, v },
      ),
    );
  };
  const take = async (uid: string, id: string): Promise<void> => {
    ok(await app.gql(uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
  };
  const invite = async (uid: string, id: string, who: string): Promise<void> => {
    ok(await app.gql(uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', { id, u: who }));
  };

  beforeAll(async () => {
    invitee = await makeUser(app.em(), unique('invitee'));
  });

  describe('PUBLIC', () => {
    let id: string;
    beforeAll(async () => {
      id = await fileTicket(app, s.owner.uid, s.category.id, {
        subject: 'Panne générale du wifi',
        message: '<p>Description : marmotte</p>',
        visibility: 'PUBLIC',
      });
      await take(s.manager.uid, id);
      await comment(s.owner.uid, id, '<p>Aux participants : castor</p>');
      await comment(s.manager.uid, id, '<p>Note interne : blaireau</p>', 'STAFF');
      await comment(s.manager.uid, id, '<p>Annonce à tous : hérisson</p>', 'EVERYONE');
    });

    for (const [who, uid] of [
      ['a stranger', () => s.stranger.uid],
      ['a member of another department', () => c.manager.uid],
    ] as const) {
      it(`should let ${who} read it, with only the EVERYONE entries (the description included)`, async () => {
        const t = await view(uid(), id);
        expect(t.subject).toBe('Panne générale du wifi');
        expect(t.owner?.uid).toBe(s.owner.uid);
        expect(t.history.map((e) => [e.type, e.visibility])).toEqual([
          ['CREATED', 'EVERYONE'],
          ['COMMENTED', 'EVERYONE'],
        ]);
        expect(t.history[0].message).toContain('marmotte');
        expect(t.history[1].message).toContain('hérisson');
        expect(t.ownerRecentTickets).toEqual([]);
      });
    }

    it('should offer a stranger nothing but WATCH', async () => {
      expect((await view(s.stranger.uid, id)).allowedActions).toEqual(['WATCH']);
    });

    it('should list it for a stranger without involvement, but not as theirs', async () => {
      expect((await list(s.stranger.uid)).nodes.map((t) => t.id)).toContain(id);
      expect((await list(s.stranger.uid, { involvement: 'OWNER' })).nodes.map((t) => t.id)).not.toContain(id);
      expect((await list(s.stranger.uid, { involvement: 'DEPARTMENT' })).nodes.map((t) => t.id)).not.toContain(id);
    });

    it('should let a stranger find it by the words they can read, not by the others', async () => {
      expect((await list(s.stranger.uid, { search: 'marmotte' })).nodes.map((t) => t.id)).toEqual([id]);
      expect((await list(s.stranger.uid, { search: 'hérisson' })).nodes.map((t) => t.id)).toEqual([id]);
      expect((await list(s.stranger.uid, { search: 'castor' })).totalCount).toBe(0);
      expect((await list(s.stranger.uid, { search: 'blaireau' })).totalCount).toBe(0);
    });

    it('should not let a stranger comment (FORBIDDEN: the ticket exists for them)', async () => {
      const r = await app.gql(s.stranger.uid, 'mutation($id: ID!) { addComment(ticketId: $id, message: "moi aussi") { id } }', { id });
      expect(errorCode(r)).toBe('FORBIDDEN');
    });
  });

  describe('SUBJECT_ONLY', () => {
    let id: string;
    beforeAll(async () => {
      id = await fileTicket(app, s.owner.uid, s.category.id, {
        subject: 'Demande de licence logicielle',
        message: '<p>Mon numéro de badge : pangolin</p>',
        visibility: 'SUBJECT_ONLY',
      });
      await take(s.manager.uid, id);
      await invite(s.owner.uid, id, invitee.uid);
      await comment(s.owner.uid, id, '<p>Pour tous : toucan</p>', 'EVERYONE');
    });

    it('should show a stranger the number, subject and status, and nothing about the people or the history', async () => {
      const t = await view(s.stranger.uid, id);
      expect({ number: t.number, subject: t.subject, status: t.status }).toEqual({
        number: Number(id),
        subject: 'Demande de licence logicielle',
        status: 'IN_PROGRESS',
      });
      // Issue 6: nobody stands in for the people; the fields are null (the schema says so).
      expect(t.owner).toBeNull();
      expect(t.creator).toBeNull();
      expect(t.manager).toBeNull();
      expect(t.history).toEqual([]);
      expect(t.attachments).toEqual([]);
      expect(t.invitees).toEqual([]);
      expect(t.ownerRecentTickets).toEqual([]);
      expect(t.allowedActions).toEqual(['WATCH']);
    });

    it('should hide the same things when the ticket comes through a list', async () => {
      const t = (await list(s.stranger.uid)).nodes.find((n) => n.id === id);
      expect(t?.subject).toBe('Demande de licence logicielle');
      expect([t?.owner, t?.creator, t?.manager, t?.history, t?.invitees]).toEqual([null, null, null, [], []]);
    });

    it('should let a stranger watch it and then offer only UNWATCH', async () => {
      const watcher = await makeUser(app.em(), unique('watcher'));
      const r = ok(
        await app.gql<{ watchTicket: { allowedActions: string[]; owner: { uid: string } | null } }>(
          watcher.uid,
          'mutation($id: ID!) { watchTicket(ticketId: $id) { allowedActions owner { uid } } }',
          { id },
        ),
      );
      expect(r.watchTicket).toEqual({ allowedActions: ['UNWATCH'], owner: null });
    });

    it('should show the owner, the invitee and the ticket manager everything they may read', async () => {
      for (const uid of [s.owner.uid, invitee.uid, s.manager.uid]) {
        const t = await view(uid, id);
        expect(t.owner?.uid, uid).toBe(s.owner.uid);
        expect(t.manager?.uid, uid).toBe(s.manager.uid);
        expect(
          t.history.map((e) => e.type),
          uid,
        ).toEqual(expect.arrayContaining(['CREATED', 'TAKEN', 'INVITED', 'COMMENTED']));
      }
    });

    it('should let a stranger find it by its subject only, never by the words of its history', async () => {
      expect((await list(s.stranger.uid, { search: 'licence' })).nodes.map((t) => t.id)).toEqual([id]);
      // The description and the comment are EVERYONE entries, but a SUBJECT_ONLY reader may not read them:
      // a match would tell the stranger what they say.
      expect((await list(s.stranger.uid, { search: 'pangolin' })).totalCount).toBe(0);
      expect((await list(s.stranger.uid, { search: 'toucan' })).totalCount).toBe(0);
      // The owner does find it by those words (the searches can match).
      expect((await list(s.owner.uid, { search: 'pangolin' })).nodes.map((t) => t.id)).toEqual([id]);
    });
  });

  describe('confidential department', () => {
    it('should hide a ticket from its creator who is neither its owner nor a member any more', async () => {
      const filer = await makeUser(app.em(), unique('filer'));
      const membership = await makeMember(app.em(), c.department, filer);
      const id = await fileTicket(app, filer.uid, c.category.id, { ownerUid: c.owner.uid, subject: 'Dossier sensible' });
      expect((await view(filer.uid, id)).creator?.uid).toBe(filer.uid);
      await app.em().nativeDelete(DepartmentMember, { id: membership.id });

      const r = await gqlTicket(filer.uid, id);
      expect(errorCode(r)).toBe('NOT_FOUND');
      expect(r.data).toEqual({ ticket: null });
      expect((await list(filer.uid)).nodes.map((t) => t.id)).not.toContain(id);
      expect((await list(filer.uid, { search: 'sensible' })).totalCount).toBe(0);
      // Its owner and the department's members still read it.
      expect((await view(c.owner.uid, id)).subject).toBe('Dossier sensible');
      expect((await view(c.manager2.uid, id)).subject).toBe('Dossier sensible');
    });

    it("should let a former member who filed on someone's behalf in an ordinary department still read it (control)", async () => {
      const filer = await makeUser(app.em(), unique('filer'));
      const membership = await makeMember(app.em(), s.department, filer);
      const id = await fileTicket(app, filer.uid, s.category.id, { ownerUid: s.owner.uid, subject: 'Dossier ordinaire' });
      await app.em().nativeDelete(DepartmentMember, { id: membership.id });
      expect((await view(filer.uid, id)).subject).toBe('Dossier ordinaire');
    });

    for (const visibility of ['PUBLIC', 'SUBJECT_ONLY', 'PRIVATE'] as const) {
      it(`should hide a ${visibility} ticket from everyone outside the department, owner and invitees`, async () => {
        const id = await fileTicket(app, c.owner.uid, c.category.id, { subject: `Confidentiel ${visibility.toLowerCase()}`, visibility });
        await invite(c.owner.uid, id, invitee.uid);
        for (const uid of [s.stranger.uid, s.manager.uid, s.supervisor.uid]) {
          const r = await gqlTicket(uid, id);
          expect(errorCode(r), uid).toBe('NOT_FOUND');
          expect(
            (await list(uid)).nodes.map((t) => t.id),
            uid,
          ).not.toContain(id);
          expect((await list(uid, { search: 'confidentiel' })).totalCount, uid).toBe(0);
        }
        for (const uid of [c.owner.uid, invitee.uid, c.manager.uid, c.supervisor.uid, c.admin.uid]) {
          expect((await view(uid, id)).owner?.uid, uid).toBe(c.owner.uid);
        }
      });
    }
  });

  describe('users(search)', () => {
    const USERS = 'query($s: String!) { users(search: $s) { uid email } }';
    let people: User[];
    let me: User;
    beforeAll(async () => {
      const tag = unique('dupont');
      people = [
        await makeUser(app.em(), `${tag}-jean`, { displayName: `Jean ${tag}`, email: `jean.${tag}@perso-cachee.example.org` }),
        await makeUser(app.em(), `${tag}-marie`, { displayName: `Marie ${tag}`, email: `marie.${tag}@univ.example.fr` }),
      ];
      me = await makeUser(app.em(), `${tag}-paul`, { displayName: `Paul ${tag}`, email: `paul.${tag}@univ.example.fr` });
    });
    const search = async (uid: string, text: string): Promise<{ uid: string; email: string | null }[]> =>
      ok(await app.gql<{ users: { uid: string; email: string | null }[] }>(uid, USERS, { s: text })).users;

    it("should hide other people's emails from a user who is not staff, but show their own", async () => {
      const found = await search(me.uid, me.uid.replace(/-paul$/, ''));
      expect(found.map((u) => u.uid).sort()).toEqual([...people, me].map((u) => u.uid).sort());
      for (const u of found) expect(u.email, u.uid).toBe(u.uid === me.uid ? me.email : null);
    });

    it('should show emails to staff and to admins', async () => {
      for (const uid of [s.manager.uid, s.admin.uid]) {
        const found = await search(uid, me.uid.replace(/-paul$/, ''));
        expect(found.map((u) => u.email).sort(), uid).toEqual([...people, me].map((u) => u.email).sort());
      }
    });

    it('should hide emails of the people of a ticket from a non-staff reader', async () => {
      const t = await view(s.stranger.uid, await fileTicket(app, s.owner.uid, s.category.id, { visibility: 'PUBLIC' }));
      expect(t.owner?.uid).toBe(s.owner.uid);
      expect(t.owner?.email).toBeNull();
    });

    it('should not let a user who is not staff probe a hidden email by searching part of it', async () => {
      // Matching on a fragment of an email one may not read tells whether that person's address contains it.
      expect(await search(me.uid, 'perso-cachee')).toEqual([]);
      // Staff, who see emails, may search them by fragment.
      expect((await search(s.manager.uid, 'perso-cachee')).map((u) => u.uid)).toEqual([people[0].uid]);
    });
  });
});
