import type { AppError } from '../errors.js';

/** A file the intake stored under a pending key, judged and named; what an action attaches. */
export interface ReceivedFile {
  /** The attachment's id, reserved at intake so a message can point at the file before it is attached. */
  id: number;
  storageKey: string;
  /** Cleaned: no path, no control characters, NFC, at most 255 bytes. */
  filename: string;
  /** From the bytes and the extension, never the client's claim. */
  contentType: string;
  size: number;
  /** The most a ticket's live files may weigh, as configured when this file came in. */
  ticketMaxBytes: number;
}

/**
 * One file of a multipart request as the upload intake left it (server/files/uploads.ts): received,
 * or refused with the error to answer. Resolvers get these for `Upload` arguments; an action checks
 * them all before it writes anything.
 */
export class IncomingFile {
  private constructor(
    readonly file: ReceivedFile | null,
    readonly refusal: AppError | null,
  ) {}

  /** A file stored and judged acceptable. */
  static received(file: ReceivedFile): IncomingFile {
    return new IncomingFile(file, null);
  }

  /** A file refused (too large, of a refused type, cut off…): nothing of it is kept. */
  static refused(error: AppError): IncomingFile {
    return new IncomingFile(null, error);
  }
}

/** The received files of an argument, or the first refusal among them (answered before anything is written). */
export function receivedFiles(files: readonly IncomingFile[] | null | undefined): ReceivedFile[] {
  const list = files ?? [];
  const refused = list.find((f) => f.refusal);
  if (refused?.refusal) throw refused.refusal;
  return list.map((f) => f.file!);
}
