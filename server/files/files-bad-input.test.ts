import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as S from '../../test/file-samples.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok, type GqlResult } from '../../test/harness.js';
import { cutUpload, download, gqlUpload, multipartBody, type UploadFile } from '../../test/uploads.js';
import { sweepOrphans } from './pending.js';

const KIB = 1024;
const LIMIT = 64 * KIB;
const ATTACH = `mutation($id: ID!, $files: [Upload!]!) {
  attachFiles(ticketId: $id, files: $files) { attachments { id filename size url } }
}`;
type Attached = { attachFiles: { attachments: { id: string; filename: string; size: number; url: string }[] } };

const file = (name: string, bytes: Buffer | string, i = 0, extra: Partial<UploadFile> = {}): UploadFile => ({
  path: `variables.files.${i}`,
  name,
  bytes,
  ...extra,
});
/** A text file of exactly `size` bytes. */
const textOf = (size: number): Buffer => Buffer.alloc(size, 'a');

describe('files: every bad input is refused with its code, and nothing is kept', () => {
  const app = useTestApp({
    FILE_MAX_BYTES: String(LIMIT),
    FILES_PER_REQUEST: '3',
    TICKET_FILES_MAX_BYTES: String(3 * LIMIT),
  });
  const s = useScene(app);
  let ticketId: string;

  const attach = (
    files: UploadFile[],
    options: { uid?: string | null; id?: string; preflight?: boolean } = {},
  ): Promise<GqlResult<Attached>> =>
    gqlUpload<Attached>(app, options.uid === undefined ? s.owner.uid : options.uid, {
      query: ATTACH,
      variables: { id: options.id ?? ticketId, files: files.map(() => null) },
      files,
      preflight: options.preflight,
    });

  /** Everything a refused upload must leave as it was: the ticket, its history, its files, pending keys, bytes on disk. */
  const snapshot = async (): Promise<unknown> => {
    const em = app.em();
    const [ticket] = await em.execute<{ row: string }[]>('select row_to_json(t)::text as row from ticket t where id = ?', [
      Number(ticketId),
    ]);
    const [counts] = await em.execute<{ events: number; files: number; pending: number }[]>(
      `select (select count(*)::int from ticket_event) as events, (select count(*)::int from attachment) as files,
              (select count(*)::int from pending_file) as pending`,
    );
    const onDisk = (await readdir(app.filesDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    return { ticket: ticket.row, ...counts, onDisk: onDisk.sort() };
  };

  /** Waits for the clean-up that runs once an answer is sent, then compares. */
  const expectUnchanged = async (before: unknown): Promise<void> => {
    for (let i = 0; i < 40; i++) {
      if (JSON.stringify(await snapshot()) === JSON.stringify(before)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await snapshot()).toEqual(before);
  };

  beforeAll(async () => {
    ticketId = await fileTicket(app, s.owner.uid, s.category.id);
    // One file already there, so "nothing changed" is not about an empty ticket.
    ok(await attach([file('premier.txt', S.TEXT)]));
  });

  it('should refuse a multipart request without the CSRF preflight header (400) before reading it', async () => {
    const before = await snapshot();
    const result = await attach([file('capture.png', S.PNG)], { preflight: false });
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/apollo-require-preflight/);
    await expectUnchanged(before);
  });

  it('should refuse an upload without a valid token (401) before reading it', async () => {
    const before = await snapshot();
    const result = await attach([file('capture.png', S.PNG)], { uid: null });
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    await expectUnchanged(before);
  });

  it('should refuse a file over the limit (PAYLOAD_TOO_LARGE), never store it cut short, and accept one at the limit', async () => {
    const before = await snapshot();
    const over = await attach([file('gros.txt', textOf(LIMIT + 1))]);
    expect(errorCode(over)).toBe('PAYLOAD_TOO_LARGE');
    expect(over.errors?.[0]?.extensions).toMatchObject({ field: 'attachments', limit: LIMIT });
    await expectUnchanged(before);
    // A big file among good ones: the whole action is refused.
    const mixed = await attach([file('petit.txt', S.TEXT, 0), file('gros.log', textOf(5 * LIMIT), 1)]);
    expect(errorCode(mixed)).toBe('PAYLOAD_TOO_LARGE');
    await expectUnchanged(before);
    const exact = ok(await attach([file('juste.txt', textOf(LIMIT))])).attachFiles.attachments;
    expect(exact.at(-1)).toMatchObject({ filename: 'juste.txt', size: LIMIT });
  });

  it('should refuse too many files in one request (413 PAYLOAD_TOO_LARGE)', async () => {
    const before = await snapshot();
    const result = await attach([0, 1, 2, 3].map((i) => file(`f${i}.txt`, S.TEXT, i)));
    expect(result.status).toBe(413);
    expect(errorCode(result)).toBe('PAYLOAD_TOO_LARGE');
    await expectUnchanged(before);
  });

  it('should refuse files that would take the ticket over its limit (PAYLOAD_TOO_LARGE)', async () => {
    const other = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await attach([file('a.txt', textOf(LIMIT), 0), file('b.txt', textOf(LIMIT), 1)], { id: other }));
    const before = await snapshot();
    const result = await attach([file('c.txt', textOf(LIMIT), 0), file('d.txt', S.TEXT, 1)], { id: other });
    expect(errorCode(result)).toBe('PAYLOAD_TOO_LARGE');
    expect(result.errors?.[0]?.message).toMatch(/ticket/);
    await expectUnchanged(before);
  });

  it.each(S.REFUSED)('should refuse %s (UNSUPPORTED_MEDIA_TYPE), whatever type the client claims', async (_label, name, bytes) => {
    const before = await snapshot();
    const result = await attach([file(name, bytes, 0, { type: 'image/png' })]);
    expect(errorCode(result)).toBe('UNSUPPORTED_MEDIA_TYPE');
    await expectUnchanged(before);
  });

  it('should refuse an empty file (BAD_USER_INPUT)', async () => {
    const before = await snapshot();
    expect(errorCode(await attach([file('vide.txt', '')]))).toBe('BAD_USER_INPUT');
    await expectUnchanged(before);
  });

  it('should refuse an Upload sent as JSON rather than as a file', async () => {
    const before = await snapshot();
    const result = await app.gql(s.owner.uid, ATTACH, { id: ticketId, files: ['/etc/passwd'] });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    await expectUnchanged(before);
  });

  it('should refuse one file mapped to two places, and a file the map promises but the request lacks', async () => {
    const before = await snapshot();
    const send = async (map: string, fileCount: number): Promise<GqlResult<unknown>> => {
      const { body, contentType } = multipartBody({
        query: ATTACH,
        variables: { id: ticketId, files: [null, null] },
        files: [file('a.txt', S.TEXT, 0), file('b.txt', S.TEXT, 1)].slice(0, fileCount),
      });
      const mapped = body.toString('latin1').replace(/\{"0":\["variables\.files\.0"\](,"1":\["variables\.files\.1"\])?\}/, map);
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'apollo-require-preflight': 'true',
          authorization: `Bearer ${await app.token(s.owner.uid)}`,
        },
        body: new Uint8Array(Buffer.from(mapped, 'latin1')),
      });
      return { status: res.status, ...((await res.json()) as object) };
    };
    expect(errorCode(await send('{"0":["variables.files.0","variables.files.1"]}', 1))).toBe('BAD_USER_INPUT');
    expect(errorCode(await send('{"0":["variables.files.0"],"1":["variables.files.1"]}', 1))).toBe('BAD_USER_INPUT');
    await expectUnchanged(before);
  });

  it('should clean names: no path, no control characters, at most 255 bytes — and never use them for storage', async () => {
    const result = ok(
      await attach([
        file('../../etc/passwd.txt', S.TEXT, 0),
        file('rapport\r\nSet-Cookie: x=1.txt', S.TEXT, 1, { extendedName: true }),
        file(`${'n'.repeat(1000)}.txt`, S.TEXT, 2),
      ]),
    ).attachFiles.attachments.slice(-3);
    expect(result.map((a) => a.filename)).toEqual(['passwd.txt', 'rapport Set-Cookie: x=1.txt', `${'n'.repeat(251)}.txt`]);
    for (const a of result) {
      const res = await download(app, a.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"\r\n]*"; filename\*=UTF-8''[\w%.-]+$/);
    }
    const onDisk = await readdir(app.filesDir, { recursive: true });
    expect(onDisk.some((name) => /passwd|rapport|nnnn/.test(name))).toBe(false);
    await expect(readdir(path.join(app.filesDir, '..', 'etc'))).rejects.toThrow();
  });

  it('should leave nothing of 20 uploads cut off at any point, before or after the sweep', async () => {
    const before = await snapshot();
    const request = { query: ATTACH, variables: { id: ticketId, files: [null] }, files: [file('coupe.txt', textOf(LIMIT))] };
    const full = multipartBody(request).body.length;
    // Twenty clients leaving at every moment: in the operations, in the file's first bytes, midway, at the very end.
    await Promise.all(Array.from({ length: 20 }, (_, i) => cutUpload(app, s.owner.uid, request, Math.floor((full * (i + 0.5)) / 20))));
    await expectUnchanged(before);
    await sweepOrphans(app.orm.em, app.fileStore, 0);
    await expectUnchanged(before);
  });

  it('should answer NOT_FOUND for a tampered, expired, or foreign signed link, and for a deleted file', async () => {
    const [a] = ok(await attach([file('secret.txt', S.TEXT)])).attachFiles.attachments.slice(-1);
    const url = new URL(a.url);
    const expires = url.searchParams.get('expires')!;
    const signature = url.searchParams.get('signature')!;
    const variants = [
      `/files/${a.id}?expires=${expires}&signature=${signature.slice(0, -2)}xx`,
      `/files/${a.id}?expires=${Number(expires) + 60}&signature=${signature}`,
      `/files/${a.id}?expires=${Math.floor(Date.now() / 1000) - 10}&signature=${signature}`,
      `/files/${Number(a.id) - 1}?expires=${expires}&signature=${signature}`,
      `/files/${a.id}?expires=${expires}`,
      `/files/${a.id}?signature=${signature}`,
      `/files/../../etc/passwd?expires=${expires}&signature=${signature}`,
      `/files/abc?expires=${expires}&signature=${signature}`,
    ];
    for (const variant of variants) {
      const res = await fetch(`${app.url}${variant}`);
      expect(res.status, variant).toBe(404);
    }
    expect((await download(app, a.url)).status).toBe(200);
    ok(await app.gql(s.owner.uid, 'mutation($id: ID!) { deleteAttachment(attachmentId: $id) { id } }', { id: a.id }));
    expect((await download(app, a.url)).status).toBe(404);
  });

  it('should refuse files on a closed ticket (INVALID_TRANSITION) and on a hidden one (NOT_FOUND)', async () => {
    const closed = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.owner.uid, 'mutation($id: ID!) { closeTicket(ticketId: $id) { id } }', { id: closed }));
    const before = await snapshot();
    expect(errorCode(await attach([file('x.txt', S.TEXT)], { id: closed }))).toBe('INVALID_TRANSITION');
    expect(errorCode(await attach([file('x.txt', S.TEXT)], { uid: s.stranger.uid }))).toBe('NOT_FOUND');
    expect(errorCode(await attach([file('x.txt', S.TEXT)], { id: '999999' }))).toBe('NOT_FOUND');
    await expectUnchanged(before);
  });
});
