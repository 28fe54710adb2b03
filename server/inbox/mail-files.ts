import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilesConfig } from '../config.js';
import { receiveFile } from '../files/intake.js';
import type { IncomingFile } from '../files/incoming-file.js';
import { releasePending } from '../files/pending.js';
import type { FileStore } from '../files/store.js';
import type { MailFile } from './incoming-mail.js';

/** A mail's files after the file store's intake: the ones kept, and the names of the refused ones with why. */
export interface MailFiles {
  accepted: IncomingFile[];
  refused: { filename: string; reason: string }[];
  /** Pending keys to release when the action does not claim them (it failed, or files were dropped). */
  keys: string[];
}

/**
 * Takes a mail's attachments through the very intake of uploads (server/files/intake.ts): the same
 * cleaned names, types judged from the bytes and extension, size limit, count per request. A refused
 * file is kept out and named, never silently dropped.
 */
export async function receiveMailFiles(
  em: EntityManager,
  store: FileStore,
  files: FilesConfig,
  mailFiles: readonly MailFile[],
): Promise<MailFiles> {
  const result: MailFiles = { accepted: [], refused: [], keys: [] };
  for (const file of mailFiles) {
    if (result.accepted.length >= files.perRequest) {
      result.refused.push({ filename: file.filename, reason: `at most ${files.perRequest} files per message` });
      continue;
    }
    const upload = { filename: file.filename, createReadStream: () => Readable.from([file.content]) };
    const incoming = await receiveFile(upload, {
      em,
      store,
      maxFileBytes: files.maxFileBytes,
      ticketMaxBytes: files.ticketMaxBytes,
      onReserved: (key) => result.keys.push(key),
    });
    if (incoming.refusal) result.refused.push({ filename: file.filename, reason: incoming.refusal.message });
    else result.accepted.push(incoming);
  }
  return result;
}

/** Gives back the pending keys no action claimed (a claimed key is already gone: releasing it is a no-op). */
export function releaseMailFiles(em: EntityManager, store: FileStore, received: MailFiles): Promise<number> {
  return releasePending(em, store, received.keys);
}
