import type { Readable } from 'node:stream';
import { finished, Transform } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileUpload } from 'graphql-upload-minimal';
import { IncomingFile } from './incoming-file.js';
import { AppError, BadInputError, FileTooLargeError } from '../errors.js';
import { cleanFileName } from './file-name.js';
import { assertAllowedName, HEAD_BYTES, judgeType } from './file-types.js';
import { releasePending, reserve } from './pending.js';
import type { FileStore } from './store.js';
import { newStorageKey } from './store.js';

/** What receiving a file needs: the database (pending keys), the store, the limits. */
export interface IntakeDeps {
  em: EntityManager;
  store: FileStore;
  maxFileBytes: number;
  ticketMaxBytes: number;
  /** Told each key as soon as it is reserved, so the request can release what no action claims. */
  onReserved: (key: string) => void;
}

/** What the intake reads of a file: an upload's name and bytes, or a mail's attachment (server/inbox/). */
export type IncomingUpload = Pick<FileUpload, 'filename'> & { createReadStream(): Readable };

/** busboy marks a file stream it cut at the size limit. */
type FileStream = Readable & { truncated?: boolean };

const MIB = 1024 * 1024;

/**
 * Receives one uploaded file: cleans its name, judges its type from its extension and first bytes,
 * then streams it to the store under a fresh reserved key, counting bytes (memory stays flat
 * whatever the size). A refused file is drained and nothing of it is kept; only a failure of our
 * own (the store, the database) is thrown.
 */
export async function receiveFile(upload: IncomingUpload, deps: IntakeDeps): Promise<IncomingFile> {
  let stream: FileStream | undefined;
  try {
    stream = upload.createReadStream();
    const filename = cleanFileName(upload.filename);
    assertAllowedName(filename);
    const { head, ended } = await readHead(stream, HEAD_BYTES);
    if (stream.truncated || head.length > deps.maxFileBytes) throw tooLarge(deps.maxFileBytes);
    if (head.length === 0) throw new BadInputError('The file is empty', 'attachments');
    const contentType = await judgeType(filename, head);
    const storageKey = newStorageKey();
    const id = await reserve(deps.em, storageKey);
    deps.onReserved(storageKey);
    try {
      const size = await storeStream(deps.store, storageKey, stream, head, ended, deps.maxFileBytes);
      return IncomingFile.received({ id, storageKey, filename, contentType, size, ticketMaxBytes: deps.ticketMaxBytes });
    } catch (error) {
      await releasePending(deps.em, deps.store, [storageKey]);
      throw error;
    }
  } catch (error) {
    // Let busboy move on to the next part; whatever is left of this one is thrown away.
    stream?.on('error', () => {}).resume();
    const refusal = refusalOf(error, deps.maxFileBytes);
    if (!refusal) throw error;
    return IncomingFile.refused(refusal);
  }
}

/** The refusal to answer for a file the multipart request itself failed to deliver (missing, cut off, over the limit). */
export function refusalOf(error: unknown, maxFileBytes: number): AppError | null {
  if (error instanceof AppError) return error;
  // graphql-upload-minimal's errors carry an HTTP status: 413 over a limit, 499 a client gone, 400 a broken request.
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 413) return tooLarge(maxFileBytes);
  if (typeof status === 'number' && status >= 400 && status < 500) return new BadInputError('The file did not arrive whole', 'attachments');
  return null;
}

function tooLarge(maxFileBytes: number): FileTooLargeError {
  const size = maxFileBytes >= MIB ? `${Math.floor(maxFileBytes / MIB)} MiB` : `${maxFileBytes} bytes`;
  return new FileTooLargeError(`A file may weigh ${size} at most`, { field: 'attachments', limit: maxFileBytes });
}

// The first bytes (at most `size`, fewer when the file is shorter), leaving the rest unread.
function readHead(stream: FileStream, size: number): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (ended: boolean): void => {
      stream.off('readable', onReadable).off('end', onEnd).off('error', onError);
      resolve({ head: Buffer.concat(chunks), ended });
    };
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while (length < size && (chunk = stream.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= size) done(false);
    };
    const onEnd = (): void => done(true);
    const onError = (error: Error): void => {
      stream.off('readable', onReadable).off('end', onEnd);
      reject(error);
    };
    stream.on('readable', onReadable).once('end', onEnd).once('error', onError);
  });
}

// Streams head + rest to the store through a byte counter that stops at the limit (busboy's own
// limit only cuts the file short, silently but for `truncated`).
async function storeStream(store: FileStore, key: string, source: FileStream, head: Buffer, ended: boolean, max: number): Promise<number> {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > max ? tooLarge(max) : null, chunk);
    },
  });
  // A client gone before the store starts reading (it may still be creating a folder) must not
  // be an unhandled error: the store's pipeline finds the counter destroyed and rejects.
  counter.on('error', () => undefined);
  source.once('limit', () => counter.destroy(tooLarge(max)));
  // A source that errors, or is destroyed without an error (busboy torn down when the client
  // leaves), never ends: the write must fail rather than wait forever.
  finished(source, { writable: false }, (error) => {
    if (error) counter.destroy(refusalOf(error, max) ?? new BadInputError('The file did not arrive whole', 'attachments'));
  });
  if (ended) {
    counter.end(head);
  } else {
    counter.write(head);
    source.pipe(counter);
  }
  await store.put(key, counter);
  if (source.truncated) throw tooLarge(max);
  return size;
}
