import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as S from '../../test/file-samples.js';
import { makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { startS3, type TestS3 } from '../../test/s3.js';
import { download, gqlUpload, type UploadFile } from '../../test/uploads.js';

const CREATE = `mutation($input: CreateTicketInput!) { createTicket(input: $input) {
  id history { type visibility message attachments { id filename url } }
} }`;
const COMMENT = `mutation($id: ID!, $m: String!, $v: EntryVisibility, $files: [Upload!]) {
  addComment(ticketId: $id, message: $m, visibility: $v, attachments: $files) {
    status history { type visibility message attachments { id filename url } }
  }
}`;
const ATTACH = 'mutation($id: ID!, $files: [Upload!]!) { attachFiles(ticketId: $id, files: $files) { attachments { id url } } }';
const DELETE = 'mutation($id: ID!) { deleteAttachment(attachmentId: $id) { history { type changes { property before after } } } }';
const HISTORY = 'query($id: ID!) { ticket(id: $id) { attachments { id } history { type attachments { id } } } }';

interface Entry {
  type: string;
  visibility: string;
  message: string | null;
  attachments: { id: string; filename: string; url: string }[];
}

const at = (base: string, i: number, name: string, bytes: Buffer): UploadFile => ({ path: `${base}.${i}`, name, bytes });

// The whole story of issue #9 on each store: a ticket filed with files, files added, a comment with a
// pasted screenshot, a file deleted, and each downloaded by exactly those who may read it.
describe.each(['directory', 'S3'])('files through the lifecycle (%s store)', (kind) => {
  // The bucket's server starts before the app and stops after it (hooks registered first run first, end last).
  let s3: TestS3 | undefined;
  beforeAll(async () => {
    if (kind === 'S3') s3 = await startS3();
  });
  afterAll(() => s3?.stop());
  // The directory store is the app's own folder (app.filesDir).
  const app = useTestApp(() => s3?.env ?? {});
  const s = useScene(app);
  let invitee: string;

  beforeAll(async () => {
    invitee = (await makeUser(app.em(), unique('invitee'))).uid;
  });

  const status = async (url: string, uid?: string): Promise<number> => {
    const res = await download(app, uid ? url.replace(/\?.*$/, '') : url, uid);
    await res.arrayBuffer();
    return res.status;
  };

  it('should file a ticket with files, add some, comment with a pasted screenshot, delete one, and serve each to its readers only', async () => {
    // "Inclure un fichier" at creation: the files belong to the CREATED entry, seen by all who read the ticket.
    const created = ok(
      await gqlUpload<{ createTicket: { id: string; history: Entry[] } }>(app, s.owner.uid, {
        query: CREATE,
        variables: {
          input: {
            categoryId: String(s.category.id),
            subject: 'Imprimante',
            message: '<p>Voir la capture.</p>',
            attachments: [null, null],
          },
        },
        files: [at('variables.input.attachments', 0, 'capture.png', S.PNG), at('variables.input.attachments', 1, 'erreur.log', S.TEXT)],
      }),
    ).createTicket;
    const id = created.id;
    const first = created.history[0];
    expect(first).toMatchObject({ type: 'CREATED', visibility: 'EVERYONE' });
    expect(first.attachments.map((a) => a.filename)).toEqual(['capture.png', 'erreur.log']);
    ok(await app.gql(s.owner.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', { id, u: invitee }));

    // A staff comment meant for staff only, with a pasted screenshot shown inline in its message.
    const commented = ok(
      await gqlUpload<{ addComment: { history: Entry[] } }>(app, s.manager.uid, {
        query: COMMENT,
        variables: { id, m: '<p>Capture de la console :</p><p><img src="upload:0" alt="console"></p>', v: 'STAFF', files: [null] },
        files: [at('variables.files', 0, 'image.png', S.PNG)],
      }),
    ).addComment.history.at(-1)!;
    expect(commented).toMatchObject({ type: 'COMMENTED', visibility: 'STAFF' });
    const pasted = commented.attachments[0];
    expect(commented.message).toContain(`<img src="http://localhost:0/files/${pasted.id}" alt="console" />`);
    expect(commented.message).not.toContain('upload:0');

    // The owner's answer with a file, which the invitee sees too.
    const answer = ok(
      await gqlUpload<{ addComment: { history: Entry[] } }>(app, s.owner.uid, {
        query: COMMENT,
        variables: { id, m: '<p>Voici le document.</p>', files: [null] },
        files: [at('variables.files', 0, 'document.pdf', S.PDF)],
      }),
    ).addComment.history.at(-1)!;
    expect(answer.attachments.map((a) => a.filename)).toEqual(['document.pdf']);

    const added = ok(
      await gqlUpload<{ attachFiles: { attachments: { id: string; url: string }[] } }>(app, invitee, {
        query: ATTACH,
        variables: { id, files: [null] },
        files: [at('variables.files', 0, 'tableau.xlsx', S.ooxml('xlsx'))],
      }),
    ).attachFiles.attachments.at(-1)!;

    // Who sees what, the same in history, Ticket.attachments and downloads.
    const seen = async (uid: string): Promise<string[]> => {
      const t = ok(
        await app.gql<{ ticket: { attachments: { id: string }[]; history: { attachments: { id: string }[] }[] } }>(uid, HISTORY, { id }),
      ).ticket;
      expect(t.history.flatMap((e) => e.attachments.map((a) => a.id))).toEqual(t.attachments.map((a) => a.id));
      return t.attachments.map((a) => a.id);
    };
    const everyone = [...first.attachments.map((a) => a.id), answer.attachments[0].id, added.id];
    expect(await seen(s.owner.uid)).toEqual(everyone);
    expect(await seen(invitee)).toEqual(everyone);
    expect((await seen(s.manager2.uid)).sort()).toEqual([...everyone, pasted.id].sort());
    expect(await status(pasted.url, s.owner.uid)).toBe(404);
    expect(await status(pasted.url, s.manager2.uid)).toBe(200);
    expect(await status(added.url, s.stranger.uid)).toBe(404);
    const inline = await download(app, pasted.url);
    expect(inline.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(Buffer.from(await inline.arrayBuffer())).toEqual(S.PNG);

    // The invitee deletes their file: gone for everyone, and the history names it for those who read the entry.
    const history = ok(
      await app.gql<{ deleteAttachment: { history: { type: string; changes: unknown[] }[] } }>(invitee, DELETE, { id: added.id }),
    ).deleteAttachment.history;
    expect(history.at(-1)).toEqual({ type: 'FILE_DELETED', changes: [{ property: 'file', before: 'tableau.xlsx', after: null }] });
    expect(await seen(s.owner.uid)).toEqual(everyone.filter((f) => f !== added.id));
    expect(await status(added.url)).toBe(404);
    expect(await status(added.url, s.supervisor.uid)).toBe(404);
  });

  it('should refuse a comment whose file is refused, and write neither the comment nor the file', async () => {
    const id = ok(
      await app.gql<{ createTicket: { id: string } }>(s.owner.uid, 'mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }', {
        i: { categoryId: String(s.category.id), subject: 'Sujet', message: '<p>Message</p>' },
      }),
    ).createTicket.id;
    const before = await app
      .em()
      .execute<{ n: number }[]>('select (select count(*) from ticket_event)::int + (select count(*) from attachment)::int as n');
    const refused = await gqlUpload(app, s.owner.uid, {
      query: COMMENT,
      variables: { id, m: '<p>Un script</p>', files: [null, null] },
      files: [at('variables.files', 0, 'ok.txt', S.TEXT), at('variables.files', 1, 'script.png', S.SCRIPT)],
    });
    expect(errorCode(refused)).toBe('UNSUPPORTED_MEDIA_TYPE');
    const creation = await gqlUpload(app, s.owner.uid, {
      query: CREATE,
      variables: { input: { categoryId: String(s.category.id), subject: 'Sujet', message: '<p>M</p>', attachments: [null] } },
      files: [at('variables.input.attachments', 0, 'setup.exe', S.EXE)],
    });
    expect(errorCode(creation)).toBe('UNSUPPORTED_MEDIA_TYPE');
    const after = await app
      .em()
      .execute<{ n: number }[]>('select (select count(*) from ticket_event)::int + (select count(*) from attachment)::int as n');
    expect(after).toEqual(before);
  });
});
