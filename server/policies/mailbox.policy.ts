import { ForbiddenError } from '../errors.js';
import type { Viewer } from '../auth/viewer.js';
import { isSupervisor } from './ticket.policy.js';

/** A category's mailboxes are set up by its department's supervisors and by admins (docs/api.md, "Additions for mail in"). */
export function mayManageMailboxes(viewer: Viewer, departmentId: number): boolean {
  return isSupervisor(viewer, departmentId);
}

/** Refuses anyone but the department's supervisors and admins. */
export function assertMayManageMailboxes(viewer: Viewer, departmentId: number): void {
  if (!mayManageMailboxes(viewer, departmentId))
    throw new ForbiddenError("Only the department's supervisors or administrators may manage its mailboxes");
}
