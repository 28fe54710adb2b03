import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FilesConfig } from '../config.js';
import { DirectoryStore } from './directory-store.js';
import { S3Store } from './s3-store.js';

/**
 * Where the bytes of attached files live: a directory (one instance, or a shared volume) or an
 * S3-compatible bucket (several instances). Keys are ours (see `newStorageKey`), never a file name.
 */
export interface FileStore {
  /** Writes the whole stream under `key`: the bytes appear only once complete, and a failed write leaves nothing. */
  put(key: string, body: Readable): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Readable | null>;
  /** Removes `key` and whatever a cut write left under it; removing what is not there is not an error. */
  remove(key: string): Promise<void>;
  /** Releases clients and sockets at shutdown. */
  close(): Promise<void>;
}

/** The shape of every key: two hex digits to spread the files, then a random UUID. */
export const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh random key, so nothing a client sends (a name, a path) ever reaches a storage path. */
export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id}`;
}

/** The store the configuration asks for: S3 when a bucket is set, else the directory. */
export function createFileStore(config: FilesConfig): FileStore {
  return config.s3 ? new S3Store(config.s3) : new DirectoryStore(config.dir);
}

/** Refuses a key that is not one of ours before it reaches a path or a bucket. */
export function checkedKey(key: string): string {
  if (!STORAGE_KEY.test(key)) throw new Error('Invalid storage key');
  return key;
}
