import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import { releasePending, reserve, sweepOrphans } from './pending.js';
import { newStorageKey } from './store.js';

describe('the orphan sweep', () => {
  const app = useTestApp();

  const onDisk = async (): Promise<string[]> =>
    (await readdir(app.filesDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const pending = async (): Promise<number> =>
    (await app.em().execute<{ n: number }[]>('select count(*)::int as n from pending_file'))[0].n;

  it('should remove what a crash leaves: a half-written file, and a whole one whose action never committed', async () => {
    // A crash mid-stream leaves the reserved key and a .part; a crash before the commit, the whole file.
    const cut = newStorageKey();
    await reserve(app.orm.em, cut);
    await mkdir(path.join(app.filesDir, path.dirname(cut)), { recursive: true });
    await writeFile(path.join(app.filesDir, `${cut}.part`), 'half of it');
    const whole = newStorageKey();
    await reserve(app.orm.em, whole);
    await app.fileStore.put(whole, Readable.from(['all of it']));
    expect(await onDisk()).toHaveLength(2);

    expect(await sweepOrphans(app.orm.em, app.fileStore, 0)).toBe(2);
    expect(await onDisk()).toEqual([]);
    expect(await pending()).toBe(0);
  });

  it('should leave alone what is younger than the grace (an upload still streaming)', async () => {
    const key = newStorageKey();
    await reserve(app.orm.em, key);
    await app.fileStore.put(key, Readable.from(['in flight']));
    expect(await sweepOrphans(app.orm.em, app.fileStore, 3600)).toBe(0);
    const body = await app.fileStore.get(key);
    expect(body).not.toBeNull();
    body?.destroy();
    expect(await releasePending(app.orm.em, app.fileStore, [key])).toBe(1);
    expect(await app.fileStore.get(key)).toBeNull();
  });

  it('should sweep many orphans in batches', async () => {
    const keys = Array.from({ length: 250 }, () => newStorageKey());
    for (const key of keys) await reserve(app.orm.em, key);
    await Promise.all(keys.map((key) => app.fileStore.put(key, Readable.from(['x']))));
    expect(await sweepOrphans(app.orm.em, app.fileStore, 0)).toBe(250);
    expect(await onDisk()).toEqual([]);
    expect(await pending()).toBe(0);
  });
});
