import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkedKey, type FileStore } from './store.js';

/**
 * Files in a directory (`FILES_DIR`): each is written to `<key>.part` beside its final name, flushed
 * to disk, then renamed — so a reader never sees half a file, and a crash leaves only a `.part`
 * that `remove` (and so the sweep) deletes.
 */
export class DirectoryStore implements FileStore {
  constructor(private readonly root: string) {}

  async put(key: string, body: Readable): Promise<void> {
    const final = this.pathOf(key);
    const partial = `${final}.part`;
    await mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
    try {
      // flush: the bytes are on disk before the database says the file exists.
      await pipeline(body, createWriteStream(partial, { mode: 0o600, flush: true }));
      await rename(partial, final);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    const final = this.pathOf(key);
    await rm(`${final}.part`, { force: true });
    await rm(final, { force: true });
  }

  async close(): Promise<void> {}

  private pathOf(key: string): string {
    return path.join(this.root, checkedKey(key));
  }
}
