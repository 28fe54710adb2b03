import { LockMode } from '@mikro-orm/core';
import { Attachment } from '../model/attachment.entity.js';
import type { RequestContext } from '../auth/context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { ActionArgs, ActionDeclaration } from './action.js';
import { personOf } from './action.js';
import { runAction } from './runner.js';
import { assertMayDeleteFile, canSeeFile } from '../policies/attachment.policy.js';
import { parseId } from '../shared/ids.js';
import { receivedFiles, type IncomingFile } from '../files/incoming-file.js';
import type { Ticket } from '../model/ticket.entity.js';
import { TicketEventType } from '../model/ticket.enums.js';
import { TicketAction } from '../model/ticket-status.js';
import { markForRemoval, releasePending } from '../files/pending.js';
import type { FileStore } from '../files/store.js';

/** attachFiles: the files, and who may see them (the entry's visibility). */
export interface AttachArgs extends ActionArgs {
  attachments: readonly IncomingFile[];
}

/**
 * "Fichiers attachés" → add: one FILES_ATTACHED entry that the files belong to (the runner attaches
 * them with the entry); its changes name each file, so the history keeps the names after a deletion.
 */
export const attachFiles: ActionDeclaration<AttachArgs> = {
  action: TicketAction.ATTACH_FILES,
  entry: TicketEventType.FILES_ATTACHED,
  message: 'none',
  check: (_scope, args) => {
    if (args.attachments.length === 0) throw new BadInputError('Send at least one file', 'files');
  },
  change: (_scope, _checked, args) => receivedFiles(args.attachments).map((f) => ({ property: 'file', before: null, after: f.filename })),
};

/** deleteAttachment: which file (its ticket is found from it). */
export interface DeleteFileArgs extends ActionArgs {
  attachmentId: number;
}

/**
 * Deletes a file (its sender or a supervisor, on an open ticket as for attaching): the row stays,
 * marked deleted, and a FILE_DELETED entry as private as the file names it; the bytes are marked
 * for removal in the same transaction and removed once it commits (or by the next sweep).
 */
export const deleteFile: ActionDeclaration<DeleteFileArgs, Attachment> = {
  action: TicketAction.ATTACH_FILES,
  entry: TicketEventType.FILE_DELETED,
  message: 'none',
  check: async (scope, args) => {
    const file = await scope.tx.findOne(Attachment, { id: args.attachmentId, deletedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const viewer = personOf(scope);
    const facts = file && { visibility: file.visibility, uploaderId: file.uploadedBy.id };
    if (!file || !facts || !canSeeFile(viewer, scope.access, facts)) throw new NotFoundError('Attachment');
    assertMayDeleteFile(viewer, scope.access, facts);
    return file;
  },
  change: async (scope, file) => {
    file.deletedAt = new Date();
    await markForRemoval(scope.tx, file.storageKey);
    return [{ property: 'file', before: file.filename, after: null }];
  },
  visibility: (_changes, file) => file.visibility,
};

/**
 * Runs deleteFile for an attachment id, then removes the bytes. Whatever hides the ticket or the
 * file, the answer is the one for a file that does not exist.
 */
export async function deleteAttachment(ctx: RequestContext, attachmentId: string, store: FileStore): Promise<Ticket> {
  try {
    const id = parseId('Attachment', attachmentId);
    const found = await ctx.em.findOne(Attachment, { id, deletedAt: null }, { fields: ['ticket', 'storageKey'] });
    if (!found) throw new NotFoundError('Attachment');
    const ticket = await runAction(ctx, deleteFile, { ticketId: found.ticket.id, attachmentId: id });
    // A store that fails now leaves the key pending: the next sweep removes the bytes.
    await releasePending(ctx.em, store, [found.storageKey]).catch(() => undefined);
    return ticket;
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError('Attachment');
    throw error;
  }
}
