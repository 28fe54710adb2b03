import { LockMode } from '@mikro-orm/core';
import { Attachment } from '../attachment/attachment.entity.js';
import { attachToEntry } from '../attachment/attach.js';
import { receivedFiles, type IncomingFile } from '../attachment/upload.js';
import type { RequestContext } from '../auth/context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { assertMayDeleteFile, canSeeFile } from '../policies/attachment.policy.js';
import { parseId } from '../shared/ids.js';
import { act, entryFor } from '../ticket/lifecycle.service.js';
import type { EntryDraft } from '../ticket/ticket-actions.js';
import type { Ticket } from '../ticket/ticket.entity.js';
import { TicketEventType, type EntryVisibility } from '../ticket/ticket.enums.js';
import { TicketAction } from '../ticket/ticket-status.js';
import { markForRemoval, releasePending } from './pending.js';
import type { FileStore } from './store.js';

/** "Fichiers attachés" → add: one FILES_ATTACHED entry that the files belong to, with its visibility. */
export async function attachFiles(
  ctx: RequestContext,
  ticketId: string,
  files: readonly IncomingFile[],
  visibility: EntryVisibility | null | undefined,
): Promise<Ticket> {
  const received = receivedFiles(files);
  if (received.length === 0) throw new BadInputError('Send at least one file', 'files');
  let entry: EntryDraft | undefined;
  return act(ctx, ticketId, {
    action: TicketAction.ATTACH_FILES,
    apply: (scope) => {
      entry = entryFor(ctx, scope, TicketEventType.FILES_ATTACHED, { text: null, required: false }, { visibility });
      entry.changes = received.map((f) => ({ field: 'attachment', before: null, after: f.filename }));
      return entry;
    },
    withEntry: (_scope, change) =>
      attachToEntry(
        _scope.tx,
        { ticketId: change.ticketId, eventId: change.eventId, visibility: entry!.visibility!, uploaderId: ctx.viewer.user.id },
        received,
      ),
  });
}

/**
 * Deletes a file: its row stays (the history names it) with a FILE_DELETED entry as private as the
 * file; its bytes go once the deletion is committed (or at the next sweep). A file the viewer may
 * not see answers NOT_FOUND exactly like a file that does not exist.
 */
export async function deleteAttachment(ctx: RequestContext, attachmentId: string, store: FileStore): Promise<Ticket> {
  const id = parseId('Attachment', attachmentId);
  const found = await ctx.em.findOne(Attachment, { id, deletedAt: null }, { fields: ['ticket'] });
  if (!found) throw new NotFoundError('Attachment');
  let storageKey = '';
  try {
    const ticket = await act(ctx, String(found.ticket.id), {
      action: TicketAction.ATTACH_FILES,
      apply: async (scope) => {
        const file = await scope.tx.findOne(Attachment, { id, deletedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        const facts = file && { visibility: file.visibility, uploaderId: file.uploadedBy.id };
        if (!file || !facts || !canSeeFile(ctx.viewer, scope.access, facts)) throw new NotFoundError('Attachment');
        assertMayDeleteFile(ctx.viewer, scope.access, facts);
        file.deletedAt = new Date();
        storageKey = file.storageKey;
        await markForRemoval(scope.tx, storageKey);
        const entry = entryFor(ctx, scope, TicketEventType.FILE_DELETED, { text: null, required: false }, {});
        return { ...entry, visibility: file.visibility, changes: [{ field: 'attachment', before: file.filename, after: null }] };
      },
    });
    // A store that fails now leaves the key pending: the next sweep removes the bytes.
    await releasePending(ctx.em, store, [storageKey]).catch(() => undefined);
    return ticket;
  } catch (error) {
    // Whatever hides the ticket or the file, the answer is the one for a file that does not exist.
    if (error instanceof NotFoundError) throw new NotFoundError('Attachment');
    throw error;
  }
}
