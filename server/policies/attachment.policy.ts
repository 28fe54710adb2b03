import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError } from '../errors.js';
import { Relation } from '../model/ticket-status.js';
import type { TicketAccess } from './ticket-access.js';
import { canSeeEntry, mayReadDetails } from './ticket.policy.js';

/** What the rules read of a file: who sent it and who may read the entry that brought it. */
export interface FileFacts {
  visibility: Parameters<typeof canSeeEntry>[2]['visibility'];
  uploaderId: number;
}

/**
 * Whether the viewer may see (list, download) a file: the same rule as the entry that brought it,
 * on a ticket they read in full. History, Ticket.attachments and downloads all ask this.
 */
export function canSeeFile(viewer: Viewer, access: TicketAccess, file: FileFacts): boolean {
  return mayReadDetails(access.level) && canSeeEntry(viewer, access.facts, { visibility: file.visibility, authorId: file.uploaderId });
}

/** A file is deleted by whoever sent it or by a supervisor of the ticket's department (the table judges the status). */
export function assertMayDeleteFile(viewer: Viewer, access: TicketAccess, file: FileFacts): void {
  const r = access.relations;
  if (file.uploaderId === viewer.userId || r.has(Relation.SUPERVISOR) || r.has(Relation.ADMIN)) return;
  throw new ForbiddenError('Only whoever sent this file or a supervisor may delete it');
}
