import { beforeAll, describe, expect, it } from 'vitest';
import * as S from '../../test/file-samples.js';
import { makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { countingQueries } from '../../test/statements.js';
import { gqlUpload } from '../../test/uploads.js';

// The portlet's ticket view (portlet/src/graphql/operations/tickets.graphql, TicketDetail and ownerRecentTickets).
const PERSON = 'id uid displayName';
const VIEW = `query($id: ID!) { ticket(id: $id) {
  id number subject status createdAt lastActivityAt priority visibility origin updatedAt watching allowedActions
  category { id path } owner { ${PERSON} } manager { ${PERSON} } department { id label } creator { ${PERSON} }
  invitees { ${PERSON} }
  attachments { id filename contentType size uploadedAt url uploadedBy { ${PERSON} } }
  history { id type at statusBefore statusAfter message visibility actor { ${PERSON} } changes { property before after }
    attachments { id filename uploadedBy { uid } } }
  watchers { id displayName }
  ownerRecentTickets { id number subject status createdAt lastActivityAt category { id path } owner { id displayName } manager { id displayName } }
} }`;

interface Entry {
  id: string;
  type: string;
  at: string;
  visibility: string;
  actor: { uid: string } | null;
  changes: { property: string; before: string | null; after: string | null }[];
  attachments: { filename: string; uploadedBy: { uid: string } }[];
}
interface View {
  ticket: {
    invitees: { uid: string }[];
    attachments: { filename: string; uploadedAt: string; uploadedBy: { uid: string } }[];
    history: Entry[];
  };
}

const COMMENT = `mutation($id: ID!, $m: String!, $v: EntryVisibility, $files: [Upload!]) {
  addComment(ticketId: $id, message: $m, visibility: $v, attachments: $files) { id } }`;

describe('the ticket view', () => {
  const app = useTestApp();
  const s = useScene(app);
  let invitee: string;
  let id: string;

  const comment = async (uid: string, m: string, v: string, name: string): Promise<void> => {
    ok(
      await gqlUpload(app, uid, {
        query: COMMENT,
        variables: { id, m, v, files: [null] },
        files: [{ path: 'variables.files.0', name, bytes: S.PNG }],
      }),
    );
  };

  beforeAll(async () => {
    invitee = (await makeUser(app.em(), unique('invitee'))).uid;
    const created = ok(
      await gqlUpload<{ createTicket: { id: string } }>(app, s.owner.uid, {
        query: 'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
        variables: {
          input: { categoryId: String(s.category.id), subject: 'Vue complète', message: '<p>Capture.</p>', attachments: [null] },
        },
        files: [{ path: 'variables.input.attachments.0', name: 'capture.png', bytes: S.PNG }],
      }),
    );
    id = created.createTicket.id;
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    ok(await app.gql(s.owner.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', { id, u: invitee }));
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!) { updateTicket(ticketId: $id, input: { priority: 4, spentMinutes: 15 }) { id } }', {
        id,
      }),
    );
    await comment(s.manager.uid, '<p>Note interne.</p>', 'STAFF', 'interne.png');
    await comment(invitee, '<p>Moi aussi.</p>', 'PARTICIPANTS', 'invite.png');
  });

  const signInOnly = async (uid: string): Promise<number> =>
    (await countingQueries(() => app.gql(uid, '{ me { id } }'), app)).statements.length;

  async function view(uid: string): Promise<{ data: View; statements: string[] }> {
    await app.gql(uid, VIEW, { id }); // warm-up: pool connections, cached sign-in
    const { result, statements } = await countingQueries(() => app.gql<View>(uid, VIEW, { id }), app);
    return { data: ok(result), statements };
  }

  it('should show staff every entry, file, change and person, in a fixed number of statements', async () => {
    const { data, statements } = await view(s.supervisor.uid);
    const t = data.ticket;
    expect(t.history.map((e) => e.type)).toEqual(['CREATED', 'TAKEN', 'INVITED', 'UPDATED', 'COMMENTED', 'COMMENTED']);
    expect(t.history.map((e) => e.actor?.uid)).toEqual([s.owner.uid, s.manager.uid, s.owner.uid, s.manager.uid, s.manager.uid, invitee]);
    expect(t.history.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(t.history[3].changes.map((c) => c.property)).toEqual(['priority', 'spentMinutes']);
    expect(t.history[3].changes[1]).toEqual({ property: 'spentMinutes', before: '0', after: '15' });
    expect(t.history.map((e) => e.attachments.map((a) => `${a.filename}/${a.uploadedBy.uid}`))).toEqual([
      [`capture.png/${s.owner.uid}`],
      [],
      [],
      [],
      [`interne.png/${s.manager.uid}`],
      [`invite.png/${invitee}`],
    ]);
    expect(t.attachments.map((a) => a.filename)).toEqual(['capture.png', 'interne.png', 'invite.png']);
    expect(t.attachments.every((a) => !Number.isNaN(Date.parse(a.uploadedAt)))).toBe(true);
    expect(t.invitees.map((u) => u.uid)).toEqual([invitee]);
    console.info(`SQL statements of the ticket view: ${statements.length}`);
    // The ticket; history; files by ticket; files by entry; invitations; watchers; the owner's recent tickets
    // (whose departments and people the rows bring): one statement each, beside signing in.
    expect(statements.length, statements.join('\n')).toBe((await signInOnly(s.supervisor.uid)) + 7);
  });

  it("should hide staff's entries, files and fields from the owner's invitee", async () => {
    const t = (await view(invitee)).data.ticket;
    expect(t.history.map((e) => e.type)).toEqual(['CREATED', 'TAKEN', 'INVITED', 'UPDATED', 'COMMENTED']);
    expect(t.history[3].changes.map((c) => c.property)).toEqual(['priority']);
    expect(t.attachments.map((a) => a.filename)).toEqual(['capture.png', 'invite.png']);
    expect(t.history.flatMap((e) => e.attachments.map((a) => a.filename))).toEqual(['capture.png', 'invite.png']);
  });
});
