import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as S from '../../test/file-samples.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { startS3, type TestS3 } from '../../test/s3.js';
import { cutUpload, download, gqlUpload, multipartBody, type UploadFile } from '../../test/uploads.js';
import { sweepOrphans } from './pending.js';

const ATTACH = `mutation($id: ID!, $files: [Upload!]!) {
  attachFiles(ticketId: $id, files: $files) { attachments { id filename size url } }
}`;
type Attached = { attachFiles: { attachments: { id: string; filename: string; size: number; url: string }[] } };
const file = (name: string, bytes: Buffer, i = 0): UploadFile => ({ path: `variables.files.${i}`, name, bytes });

describe('files on an S3-compatible store', () => {
  // The bucket's server starts before the app and stops after it (hooks registered first run first, end last).
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(() => s3.stop());
  const app = useTestApp(() => ({ ...s3.env, FILE_MAX_BYTES: String(12 * 1024 * 1024) }));
  const s = useScene(app);
  let ticketId: string;

  beforeAll(async () => {
    ticketId = await fileTicket(app, s.owner.uid, s.category.id);
  });

  const attach = (files: UploadFile[]) =>
    gqlUpload<Attached>(app, s.owner.uid, { query: ATTACH, variables: { id: ticketId, files: files.map(() => null) }, files });

  it('should store files in the bucket, serve them byte for byte to readers only, and remove them on deletion', async () => {
    // 7 MiB: more than one multipart part.
    const big = Buffer.alloc(7 * 1024 * 1024, 'ligne de journal\n');
    const files = ok(await attach([file('capture.png', S.PNG, 0), file('serveur.log', big, 1)])).attachFiles.attachments;
    expect(files.map((f) => [f.filename, f.size])).toEqual([
      ['capture.png', S.PNG.length],
      ['serveur.log', big.length],
    ]);
    expect(await s3.keys()).toHaveLength(2);
    for (const uid of [s.owner.uid, s.manager.uid]) {
      const res = await download(app, `${app.url}/files/${files[1].id}`, uid);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
    }
    expect((await download(app, `${app.url}/files/${files[1].id}`, s.stranger.uid)).status).toBe(404);
    const png = await download(app, files[0].url);
    expect(Buffer.from(await png.arrayBuffer())).toEqual(S.PNG);

    ok(await app.gql(s.owner.uid, 'mutation($id: ID!) { deleteAttachment(attachmentId: $id) { id } }', { id: files[1].id }));
    expect(await s3.keys()).toHaveLength(1);
    expect((await download(app, `${app.url}/files/${files[1].id}`, s.owner.uid)).status).toBe(404);
  });

  it('should keep nothing in the bucket of a refused or cut-off upload', async () => {
    const keys = (await s3.keys()).sort();
    expect(errorCode(await attach([file('script.png', S.SCRIPT)]))).toBe('UNSUPPORTED_MEDIA_TYPE');
    const request = {
      query: ATTACH,
      variables: { id: ticketId, files: [null] },
      files: [file('coupe.log', Buffer.alloc(6 * 1024 * 1024, 'x'))],
    };
    const full = multipartBody(request).body.length;
    for (const fraction of [0.3, 0.95]) await cutUpload(app, s.owner.uid, request, Math.floor(full * fraction));
    await new Promise((r) => setTimeout(r, 300));
    await sweepOrphans(app.orm.em, app.fileStore, 0);
    expect((await s3.keys()).sort()).toEqual(keys);
    expect((await app.em().execute<{ n: number }[]>('select count(*)::int as n from pending_file'))[0].n).toBe(0);
  });
});
