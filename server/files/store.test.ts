import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startS3, type TestS3 } from '../../test/s3.js';
import { createFileStore, newStorageKey, STORAGE_KEY, type FileStore } from './store.js';

/** A stream that sends `good` then fails, as an upload cut off midway does. */
function cutStream(good: string): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) {
        this.destroy(new Error('connection lost'));
        return;
      }
      sent = true;
      this.push(good);
    },
  });
}

/** Every file under a directory, recursively (relative paths). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

interface Kind {
  name: string;
  start: () => Promise<{ store: FileStore; stored: () => Promise<string[]>; stop: () => Promise<void> }>;
}

const KINDS: Kind[] = [
  {
    name: 'directory',
    async start() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'files-'));
      const store = createFileStore(loadConfig({ FILES_DIR: dir }).files);
      return { store, stored: () => filesUnder(dir), stop: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'S3',
    async start() {
      const s3: TestS3 = await startS3();
      const store = createFileStore(loadConfig(s3.env).files);
      return {
        store,
        stored: () => s3.keys(),
        stop: async () => {
          await store.close();
          await s3.stop();
        },
      };
    },
  },
];

describe.each(KINDS)('the $name file store', (kind) => {
  let store: FileStore;
  let stored: () => Promise<string[]>;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, stored, stop } = await kind.start());
  });
  afterAll(() => stop());

  it('should give back exactly the bytes it was given, and nothing once removed', async () => {
    const key = newStorageKey();
    const body = 'é'.repeat(3 * 1024 * 1024); // 6 MiB: more than one S3 part
    await store.put(key, Readable.from([body]));
    expect(await text((await store.get(key))!)).toBe(body);
    await store.remove(key);
    expect(await store.get(key)).toBeNull();
    expect(await stored()).toEqual([]);
  });

  it('should answer null for a key it never stored, and remove it without complaint', async () => {
    const key = newStorageKey();
    expect(await store.get(key)).toBeNull();
    await expect(store.remove(key)).resolves.toBeUndefined();
  });

  it('should leave nothing behind when the stream fails midway', async () => {
    const key = newStorageKey();
    await expect(store.put(key, cutStream('x'.repeat(64 * 1024)))).rejects.toThrow('connection lost');
    expect(await store.get(key)).toBeNull();
    expect(await stored()).toEqual([]);
  });

  it('should refuse a key that is not one of its own (no path can be smuggled in)', async () => {
    for (const key of ['../../etc/passwd', 'ab/../../x', '/etc/passwd', 'ab/not-a-uuid']) {
      await expect(store.put(key, Readable.from(['x']))).rejects.toThrow('Invalid storage key');
      await expect(store.get(key)).rejects.toThrow('Invalid storage key');
    }
    expect(await stored()).toEqual([]);
  });
});

describe('storage keys', () => {
  it('should be random and of one shape', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newStorageKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(STORAGE_KEY);
  });
});
