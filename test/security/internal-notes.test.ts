import { beforeAll, describe, expect, it } from 'vitest';
import { Attachment } from '../../server/model/attachment.entity.js';
import { DepartmentMember } from '../../server/model/department-member.entity.js';
import { TicketEvent } from '../../server/model/ticket-event.entity.js';
import { EntryVisibility } from '../../server/model/ticket.enums.js';
import { Ticket } from '../../server/model/ticket.entity.js';
import { User } from '../../server/model/user.entity.js';
import { fileTicket, makeMember, makeUser, unique } from '../factories.js';
import { useScene, useTestApp } from '../fixture.js';
import { ok } from '../harness.js';

/**
 * Internal notes (STAFF entries) and entries aimed at the owner or the invitees only
 * (docs/domain.md, "Who may read what"): the old helpdesk leaked them through search; here no
 * API path may hand them to someone outside their audience.
 */

// One word per audience, found nowhere else in the database.
const W = { staff: 'zygomatique', owner: 'quetzal', invitees: 'ornithorynque', participants: 'baobab' } as const;

const ENTRY = 'type visibility message actor { uid } attachments { filename visibility }';
interface Entry {
  type: string;
  visibility: string;
  message: string | null;
  actor: { uid: string } | null;
  attachments: { filename: string; visibility: string }[];
}
interface TicketView {
  id: string;
  history: Entry[];
  attachments: { filename: string; visibility: string }[];
  ownerRecentTickets: { id: string; history: Entry[] }[];
}
const TICKET = `id history { ${ENTRY} } attachments { filename visibility } ownerRecentTickets { id history { ${ENTRY} } }`;
// A page of 100 with each recent ticket's history would be over the query cost limit (README, "Limits").
const LISTED = `id history { ${ENTRY} } attachments { filename visibility } ownerRecentTickets { id }`;

describe('internal notes and entries aimed at some participants', () => {
  const app = useTestApp();
  const s = useScene(app);
  let invitee: User;
  let ticketId: string;
  let otherTicketId: string;

  const comment = async (uid: string, id: string, message: string, visibility?: EntryVisibility): Promise<void> => {
    ok(
      await app.gql(
        uid,
        'mutation($id: ID!, $m: String!, $v: EntryVisibility) { addComment(ticketId: $id, message: $m, visibility: $v) { id } }',
        { id, m: message, v: visibility ?? null },
      ),
    );
  };
  const view = async (uid: string, id = ticketId): Promise<TicketView> =>
    ok(await app.gql<{ ticket: TicketView }>(uid, `query($id: ID!) { ticket(id: $id) { ${TICKET} } }`, { id })).ticket;
  const listed = async (uid: string, id = ticketId): Promise<TicketView> => {
    const data = ok(
      await app.gql<{ tickets: { edges: { node: TicketView }[] } }>(uid, `{ tickets(first: 5) { edges { node { ${LISTED} } } } }`),
    );
    const node = data.tickets.edges.find((e) => e.node.id === id)?.node;
    if (!node) throw new Error(`ticket ${id} not listed for ${uid}`);
    return node;
  };
  const search = async (uid: string, text: string): Promise<{ ids: string[]; totalCount: number }> => {
    const data = ok(
      await app.gql<{ tickets: { totalCount: number; edges: { node: { id: string } }[] } }>(
        uid,
        'query($s: String) { tickets(filter: { search: $s }, first: 100) { totalCount edges { node { id } } } }',
        { s: text },
      ),
    );
    return { ids: data.tickets.edges.map((e) => e.node.id), totalCount: data.tickets.totalCount };
  };
  const words = (history: Entry[]): string => history.map((e) => e.message ?? '').join(' ');
  const kinds = (history: Entry[]): string[] => [...new Set(history.map((e) => e.visibility))].sort();

  beforeAll(async () => {
    invitee = await makeUser(app.em(), unique('invitee'));
    ticketId = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Accès messagerie' });
    otherTicketId = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Autre demande' });
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id: ticketId }));
    ok(
      await app.gql(s.owner.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', {
        id: ticketId,
        u: invitee.uid,
      }),
    );
    await comment(s.manager.uid, ticketId, `<p>Note interne : ${W.staff}</p>`, EntryVisibility.STAFF);
    await comment(s.manager.uid, ticketId, `<p>Pour le propriétaire : ${W.owner}</p>`, EntryVisibility.OWNER);
    await comment(s.manager.uid, ticketId, `<p>Pour les invités : ${W.invitees}</p>`, EntryVisibility.INVITEES);
    await comment(s.owner.uid, ticketId, `<p>Pour tous les participants : ${W.participants}</p>`);
    // Time spent is the department's bookkeeping: its UPDATED entry is internal.
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!) { updateTicket(ticketId: $id, input: { spentMinutes: 45 }) { id } }', {
        id: ticketId,
      }),
    );

    // Files of every audience, on the owner's PARTICIPANTS comment (file visibility is its own).
    const em = app.em();
    const event = await em.findOneOrFail(TicketEvent, { ticket: Number(ticketId), message: { $like: `%${W.participants}%` } });
    for (const visibility of Object.values(EntryVisibility)) {
      em.create(Attachment, {
        ticket: em.getReference(Ticket, Number(ticketId)),
        event,
        filename: `${visibility.toLowerCase()}.pdf`,
        contentType: 'application/pdf',
        size: 10,
        storageKey: unique('key'),
        uploadedBy: em.getReference(User, s.manager.id),
        visibility,
      });
    }
    await em.flush();
  });

  describe('ticket.history and tickets{edges{node{history}}}', () => {
    for (const [path, read] of [
      ['ticket(id)', 'view'],
      ['tickets list', 'listed'],
    ] as const) {
      it(`should show the owner EVERYONE, PARTICIPANTS and OWNER entries only, through ${path}`, async () => {
        const t = await (read === 'view' ? view : listed)(s.owner.uid);
        expect(kinds(t.history)).toEqual(['EVERYONE', 'OWNER', 'PARTICIPANTS']);
        expect(words(t.history)).toContain(W.owner);
        expect(words(t.history)).toContain(W.participants);
        expect(words(t.history)).not.toContain(W.staff);
        expect(words(t.history)).not.toContain(W.invitees);
        expect(t.history.map((e) => e.type)).not.toContain('UPDATED');
      });

      it(`should show an invitee EVERYONE, PARTICIPANTS and INVITEES entries only, through ${path}`, async () => {
        const t = await (read === 'view' ? view : listed)(invitee.uid);
        expect(kinds(t.history)).toEqual(['EVERYONE', 'INVITEES', 'PARTICIPANTS']);
        expect(words(t.history)).toContain(W.invitees);
        expect(words(t.history)).toContain(W.participants);
        expect(words(t.history)).not.toContain(W.staff);
        expect(words(t.history)).not.toContain(W.owner);
        expect(t.history.map((e) => e.type)).not.toContain('UPDATED');
      });

      it(`should show another member of the department every entry, internal notes included, through ${path}`, async () => {
        const t = await (read === 'view' ? view : listed)(s.manager2.uid);
        expect(kinds(t.history)).toEqual(['EVERYONE', 'INVITEES', 'OWNER', 'PARTICIPANTS', 'STAFF']);
        for (const w of [W.staff, W.owner, W.invitees, W.participants]) expect(words(t.history)).toContain(w);
        expect(t.history.map((e) => e.type)).toContain('UPDATED');
      });
    }
  });

  describe('files', () => {
    const files = (t: TicketView): { ticket: string[]; entries: string[] } => ({
      ticket: t.attachments.map((a) => a.visibility).sort(),
      entries: t.history.flatMap((e) => e.attachments.map((a) => a.visibility)).sort(),
    });

    it('should give the owner only EVERYONE, PARTICIPANTS and OWNER files, on the ticket and on its entries', async () => {
      expect(files(await view(s.owner.uid))).toEqual({
        ticket: ['EVERYONE', 'OWNER', 'PARTICIPANTS'],
        entries: ['EVERYONE', 'OWNER', 'PARTICIPANTS'],
      });
    });
    it('should give an invitee only EVERYONE, PARTICIPANTS and INVITEES files, on the ticket and on its entries', async () => {
      expect(files(await view(invitee.uid))).toEqual({
        ticket: ['EVERYONE', 'INVITEES', 'PARTICIPANTS'],
        entries: ['EVERYONE', 'INVITEES', 'PARTICIPANTS'],
      });
    });
    it('should give staff every file', async () => {
      const all = ['EVERYONE', 'INVITEES', 'OWNER', 'PARTICIPANTS', 'STAFF'];
      expect(files(await view(s.manager2.uid))).toEqual({ ticket: all, entries: all });
    });
  });

  describe('ownerRecentTickets', () => {
    it('should be empty for the owner and for an invitee', async () => {
      expect((await view(s.owner.uid)).ownerRecentTickets).toEqual([]);
      expect((await view(invitee.uid)).ownerRecentTickets).toEqual([]);
      expect((await listed(s.owner.uid)).ownerRecentTickets).toEqual([]);
    });
    it("should list the owner's other tickets for staff, with their internal notes", async () => {
      await comment(s.manager.uid, otherTicketId, `<p>Autre note interne ${W.staff}</p>`, EntryVisibility.STAFF);
      const recent = (await view(s.manager2.uid)).ownerRecentTickets;
      expect(recent.map((t) => t.id)).toEqual([otherTicketId]);
      expect(words(recent[0].history)).toContain(W.staff);
    });
  });

  describe('search and counts', () => {
    const cases: [string, () => string, Record<keyof typeof W, 0 | 1>][] = [
      ['the owner', () => s.owner.uid, { staff: 0, owner: 1, invitees: 0, participants: 1 }],
      ['an invitee', () => invitee.uid, { staff: 0, owner: 0, invitees: 1, participants: 1 }],
      ['a stranger', () => s.stranger.uid, { staff: 0, owner: 0, invitees: 0, participants: 0 }],
      ['another member of the department', () => s.manager2.uid, { staff: 1, owner: 1, invitees: 1, participants: 1 }],
      ['an admin', () => s.admin.uid, { staff: 1, owner: 1, invitees: 1, participants: 1 }],
    ];
    for (const [who, uid, expected] of cases) {
      it(`should let ${who} find the ticket only by the words of entries they may read`, async () => {
        for (const key of ['staff', 'owner', 'invitees', 'participants'] as const) {
          const found = await search(uid(), W[key]);
          const mine = found.ids.filter((id) => id === ticketId).length;
          expect(mine, `${key}: ${W[key]}`).toBe(expected[key]);
          expect(found.totalCount, `${key}: totalCount`).toBe(found.ids.length);
        }
      });
    }

    it('should count 0 for the owner and an invitee when only an internal note holds the word, on any filter', async () => {
      for (const uid of [s.owner.uid, invitee.uid]) {
        for (const filter of [{}, { involvement: 'OWNER' }, { involvement: 'INVITED' }, { statuses: ['IN_PROGRESS', 'FREE'] }]) {
          const data = ok(
            await app.gql<{ tickets: { totalCount: number } }>(uid, 'query($f: TicketFilter) { tickets(filter: $f) { totalCount } }', {
              f: { ...filter, search: W.staff },
            }),
          );
          expect(data.tickets.totalCount, JSON.stringify(filter)).toBe(0);
        }
      }
    });
  });

  describe('the author always sees their own entry', () => {
    it('should show a former member their own internal note on a PUBLIC ticket, and nothing else restricted', async () => {
      const publicId = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Panne générale', visibility: 'PUBLIC' });
      const former = await makeUser(app.em(), unique('former'));
      const membership = await makeMember(app.em(), s.department, former);
      await comment(former.uid, publicId, '<p>Ma note interne : wapiti</p>', EntryVisibility.STAFF);
      await comment(s.manager.uid, publicId, "<p>Note d'un collègue : okapi</p>", EntryVisibility.STAFF);
      await comment(s.owner.uid, publicId, '<p>Message aux participants : koala</p>');
      const em = app.em();
      await em.nativeDelete(DepartmentMember, { id: membership.id });

      const t = await view(former.uid, publicId);
      expect(words(t.history)).toContain('wapiti');
      expect(words(t.history)).not.toContain('okapi');
      expect(words(t.history)).not.toContain('koala');
      expect(kinds(t.history)).toEqual(['EVERYONE', 'STAFF']);
      expect((await search(former.uid, 'wapiti')).ids).toEqual([publicId]);
      expect((await search(former.uid, 'okapi')).ids).toEqual([]);
      // Someone else, reading the same PUBLIC ticket, sees neither note.
      expect(words((await view(s.stranger.uid, publicId)).history)).not.toContain('wapiti');
      expect((await search(s.stranger.uid, 'wapiti')).totalCount).toBe(0);
    });

    it('should show the staff author their own note among the others', async () => {
      const t = await view(s.manager.uid);
      expect(t.history.filter((e) => e.visibility === 'STAFF' && e.actor?.uid === s.manager.uid).map((e) => e.type)).toEqual([
        'COMMENTED',
        'UPDATED',
      ]);
    });
  });

  describe('who may write restricted entries', () => {
    for (const visibility of [EntryVisibility.STAFF, EntryVisibility.OWNER, EntryVisibility.INVITEES]) {
      it(`should refuse a ${visibility} entry from the owner and from an invitee`, async () => {
        for (const uid of [s.owner.uid, invitee.uid]) {
          const r = await app.gql(
            uid,
            'mutation($id: ID!, $v: EntryVisibility) { addComment(ticketId: $id, message: "secret", visibility: $v) { id } }',
            { id: ticketId, v: visibility },
          );
          expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        }
      });
    }
  });
});
