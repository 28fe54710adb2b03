import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { isSupervisor } from './ticket.policy.js';

/**
 * Statistics: a department's for its supervisors and admins (any other department answers NOT_FOUND,
 * as a ticket one may not read); every department together for admins only.
 */
export function assertMayReadStatistics(viewer: Viewer, departmentId: number | null): void {
  if (departmentId === null) {
    if (!viewer.isAdmin) throw new ForbiddenError('Only administrators see the statistics of every department');
    return;
  }
  if (!isSupervisor(viewer, departmentId)) throw new NotFoundError('Department');
}
