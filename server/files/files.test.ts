import { readdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import * as S from '../../test/file-samples.js';
import { fileTicket, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok, type TestApp } from '../../test/harness.js';
import { download, gqlUpload, type UploadFile } from '../../test/uploads.js';

const ATTACH = `mutation($id: ID!, $files: [Upload!]!, $v: EntryVisibility) {
  attachFiles(ticketId: $id, files: $files, visibility: $v) { id attachments { id filename contentType size url uploadedBy { uid } visibility } }
}`;
const DELETE = 'mutation($id: ID!) { deleteAttachment(attachmentId: $id) { id attachments { id } } }';
const FILES = `query($id: ID!) { ticket(id: $id) {
  attachments { id filename url }
  history { type visibility attachments { id filename } }
} }`;

interface Att {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
  uploadedBy: { uid: string };
  visibility: string;
}
type Attached = { attachFiles: { id: string; attachments: Att[] } };
type Files = {
  ticket: {
    attachments: { id: string; filename: string; url: string }[];
    history: {
      type: string;
      visibility: string;
      changes: { property: string; before: string | null; after: string | null }[];
      attachments: { id: string }[];
    }[];
  };
};

const file = (name: string, bytes: Buffer | string, i = 0, extra: Partial<UploadFile> = {}): UploadFile => ({
  path: `variables.files.${i}`,
  name,
  bytes,
  ...extra,
});

/** Pending keys left once the answers' after-response clean-up has run (it runs just after the answer is sent). */
export async function pendingSettled(app: TestApp): Promise<number> {
  let n = 0;
  for (let i = 0; i < 50; i++) {
    [{ n }] = (await app.em().execute<{ n: string }[]>('select count(*)::int as n from pending_file')) as unknown as { n: number }[];
    if (n === 0) return 0;
    await new Promise((r) => setTimeout(r, 50));
  }
  return n;
}

async function storedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('files on tickets (directory store)', () => {
  const app = useTestApp({ FILE_MAX_BYTES: String(256 * 1024), TICKET_FILES_MAX_BYTES: String(600 * 1024) });
  const s = useScene(app);
  let invitee: string;

  const attach = (uid: string, id: string, files: UploadFile[], v?: string) =>
    gqlUpload<Attached>(app, uid, { query: ATTACH, variables: { id, files: files.map(() => null), v }, files });

  beforeAll(async () => {
    invitee = (await makeUser(app.em(), unique('invitee'))).uid;
  });

  const newTicket = async (): Promise<string> => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.owner.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', { id, u: invitee }));
    return id;
  };

  it('should attach files as one entry, typed from their bytes, and serve them to those who may read them', async () => {
    const id = await newTicket();
    const result = await attach(s.owner.uid, id, [file('capture.png', S.PNG, 0, { type: 'text/html' }), file('rapport.pdf', S.PDF, 1)]);
    const files = ok(result).attachFiles.attachments;
    expect(files.map((f) => [f.filename, f.contentType, f.size, f.uploadedBy.uid, f.visibility])).toEqual([
      ['capture.png', 'image/png', S.PNG.length, s.owner.uid, 'PARTICIPANTS'],
      ['rapport.pdf', 'application/pdf', S.PDF.length, s.owner.uid, 'PARTICIPANTS'],
    ]);
    const history = ok(await app.gql<Files>(s.owner.uid, FILES, { id })).ticket.history;
    const entry = history.at(-1)!;
    expect(entry.type).toBe('FILES_ATTACHED');
    expect(entry.attachments.map((a) => a.id)).toEqual(files.map((f) => f.id));

    // A signed link works without a token, as a plain link or an <img>.
    const png = await download(app, files[0].url);
    expect(png.status).toBe(200);
    expect(Buffer.from(await png.arrayBuffer())).toEqual(S.PNG);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toBe(`inline; filename="capture.png"; filename*=UTF-8''capture.png`);
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    expect(png.headers.get('content-security-policy')).toContain('sandbox');

    // The bearer token works too, for the owner, the invitee and staff; a PDF is only ever downloaded.
    const pdfPath = new URL(files[1].url).pathname;
    for (const uid of [s.owner.uid, invitee, s.manager.uid, s.supervisor.uid]) {
      const pdf = await download(app, `${app.url}${pdfPath}`, uid);
      expect(pdf.status, uid).toBe(200);
      expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="rapport.pdf"; filename*=UTF-8''rapport.pdf`);
      expect(Buffer.from(await pdf.arrayBuffer())).toEqual(S.PDF);
    }
    const stranger = await download(app, `${app.url}${pdfPath}`, s.stranger.uid);
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toEqual({ errors: [{ message: 'Attachment not found', extensions: { code: 'NOT_FOUND' } }] });
    expect((await download(app, `${app.url}${pdfPath}`)).status).toBe(401);
  });

  it('should show a file only to those who may read its entry: history, Ticket.attachments and downloads alike', async () => {
    const id = await newTicket();
    const staffOnly = ok(await attach(s.manager.uid, id, [file('note-interne.txt', S.TEXT)], 'STAFF')).attachFiles.attachments.at(-1)!;
    const ownerOnly = ok(await attach(s.manager.uid, id, [file('pour-le-proprietaire.txt', S.TEXT)], 'OWNER')).attachFiles.attachments.at(
      -1,
    )!;
    const seen = async (uid: string): Promise<string[]> => {
      const t = ok(await app.gql<Files>(uid, FILES, { id })).ticket;
      const fromHistory = t.history.flatMap((e) => e.attachments.map((a) => a.id));
      expect(fromHistory.sort()).toEqual(t.attachments.map((a) => a.id).sort());
      return t.attachments.map((a) => a.id);
    };
    expect(await seen(s.owner.uid)).toEqual([ownerOnly.id]);
    expect(await seen(invitee)).toEqual([]);
    expect((await seen(s.manager2.uid)).sort()).toEqual([staffOnly.id, ownerOnly.id].sort());
    const byBearer = async (uid: string, att: Att): Promise<number> => (await download(app, `${app.url}/files/${att.id}`, uid)).status;
    expect(await byBearer(s.owner.uid, staffOnly)).toBe(404);
    expect(await byBearer(invitee, staffOnly)).toBe(404);
    expect(await byBearer(invitee, ownerOnly)).toBe(404);
    expect(await byBearer(s.owner.uid, ownerOnly)).toBe(200);
    expect(await byBearer(s.manager2.uid, staffOnly)).toBe(200);
    // The owner may not ask for an internal note; an invitee may not aim files at the owner only.
    expect(errorCode(await attach(s.owner.uid, id, [file('x.txt', S.TEXT)], 'STAFF'))).toBe('FORBIDDEN');
  });

  it('should delete a file for its sender or a supervisor only: the row and its name stay, the bytes go', async () => {
    const id = await newTicket();
    const [mine] = ok(await attach(invitee, id, [file('journal.log', S.TEXT)])).attachFiles.attachments;
    expect(errorCode(await app.gql(s.owner.uid, DELETE, { id: mine.id }))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(s.manager.uid, DELETE, { id: mine.id }))).toBe('FORBIDDEN');
    expect(
      ok(await app.gql<{ deleteAttachment: { attachments: unknown[] } }>(invitee, DELETE, { id: mine.id })).deleteAttachment.attachments,
    ).toEqual([]);
    const history = ok(await app.gql<Files>(s.owner.uid, FILES, { id })).ticket.history;
    expect(history.at(-1)).toMatchObject({ type: 'FILE_DELETED', visibility: 'PARTICIPANTS', attachments: [] });
    expect((await download(app, mine.url)).status).toBe(404);
    expect((await download(app, `${app.url}/files/${mine.id}`, invitee)).status).toBe(404);
    expect(errorCode(await app.gql(invitee, DELETE, { id: mine.id }))).toBe('NOT_FOUND');
    const [row] = await app
      .em()
      .execute<{ deleted_at: Date | null; storage_key: string }[]>('select deleted_at, storage_key from attachment where id = ?', [
        Number(mine.id),
      ]);
    expect(row.deleted_at).not.toBeNull();
    expect(await app.fileStore.get(row.storage_key)).toBeNull();

    const other = ok(await attach(s.owner.uid, id, [file('capture.png', S.PNG)])).attachFiles.attachments.at(-1)!;
    ok(await app.gql(s.supervisor.uid, DELETE, { id: other.id }));
  });

  it('should keep nothing of a refused or unclaimed upload', async () => {
    const id = await newTicket();
    expect(errorCode(await attach(s.owner.uid, id, [file('script.png', S.SCRIPT)]))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(errorCode(await attach(s.stranger.uid, id, [file('capture.png', S.PNG)]))).toBe('NOT_FOUND');
    expect(await pendingSettled(app)).toBe(0);
    const keys = await app.em().execute<{ storage_key: string }[]>('select storage_key from attachment where deleted_at is null');
    const names = keys.map((k) => k.storage_key.split('/')[1]);
    expect((await storedFiles(app.filesDir)).sort()).toEqual(names.sort());
  });
});
