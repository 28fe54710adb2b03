import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, FileTooLargeError } from '../errors.js';
import type { EntryVisibility } from '../model/ticket.enums.js';
import { Attachment } from '../model/attachment.entity.js';
import { FileLinks } from './file-links.js';
import { isInlineImage } from './file-types.js';
import type { ReceivedFile } from './incoming-file.js';

/** The history entry files come with: they belong to it and share its visibility. */
export interface EntryOfFiles {
  ticketId: number;
  eventId: string;
  visibility: EntryVisibility;
  uploaderId: number;
}

const MIB = 1024 * 1024;

/**
 * Attaches received files to the entry that brought them, in the action's transaction (the ticket
 * row locked): claims their pending keys — a key already swept or claimed refuses the action —
 * keeps the ticket under its limit, and writes one row per file. The rows and the entry commit together.
 */
export async function attachToEntry(tx: EntityManager, entry: EntryOfFiles, files: readonly ReceivedFile[]): Promise<void> {
  if (files.length === 0) return;
  const keys = files.map((f) => f.storageKey);
  if (new Set(keys).size !== keys.length) throw new BadInputError('The same file is listed twice', 'attachments');
  const [{ total }] = await tx.execute<{ total: string }[]>(
    'select coalesce(sum(size), 0) as total from attachment where ticket_id = ? and deleted_at is null',
    [entry.ticketId],
  );
  const limit = Math.min(...files.map((f) => f.ticketMaxBytes));
  if (Number(total) + files.reduce((sum, f) => sum + f.size, 0) > limit) {
    throw new FileTooLargeError(`A ticket's files may weigh ${Math.floor(limit / MIB)} MiB at most`, { field: 'attachments', limit });
  }
  const claimed = await tx.execute<{ storage_key: string }[]>(
    'delete from pending_file where storage_key = any(?::text[]) returning storage_key',
    [`{${keys.join(',')}}`],
  );
  if (claimed.length !== keys.length) throw new BadInputError('An uploaded file is no longer available: send it again', 'attachments');
  for (const file of files) {
    tx.create(Attachment, {
      id: file.id,
      ticket: entry.ticketId,
      event: entry.eventId,
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      storageKey: file.storageKey,
      uploadedBy: entry.uploaderId,
      visibility: entry.visibility,
    });
  }
  await tx.flush();
}

// An image pasted into a message points at its place in the request's file list: <img src="upload:0">.
const PASTED = /(<img\b[^>]*?\bsrc\s*=\s*)(["']?)upload:(\d{1,3})\2/gi;

/**
 * Points a message's pasted images (`<img src="upload:N">`, N the file's place in the request's
 * list) at their own `/files/<id>`, before the message is sanitised; the rich-text allowlist keeps
 * only such images. A reference to a missing file or to a file that is not an image is left for
 * the sanitiser to drop.
 */
export function linkPastedImages(message: string | null | undefined, files: readonly ReceivedFile[]): string | null | undefined {
  if (!message || files.length === 0) return message;
  return message.replace(PASTED, (whole, start: string, _quote, index: string) => {
    const file = files.at(Number(index));
    return file && isInlineImage(file.contentType) ? `${start}"${FileLinks.path(file.id)}"` : whole;
  });
}
