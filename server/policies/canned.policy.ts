import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError } from '../errors.js';
import { CannedScope } from '../model/canned.enums.js';
import type { Sql } from './clause.js';
import { isStaff, isSupervisor } from './ticket.policy.js';

/** What the rules read of a canned answer. */
export interface CannedFacts {
  scope: CannedScope;
  departmentId: number | null;
  ownerId: number | null;
}

/** Staff somewhere: a member of a department, or an admin. Canned answers are theirs only. */
export function isStaffAnywhere(viewer: Viewer): boolean {
  return viewer.isAdmin || viewer.memberships.size > 0;
}

/**
 * The canned answers `c` the viewer may use, as SQL: their own personal ones, their departments'
 * (every department for admins), and the global ones; nothing for someone who is staff nowhere.
 */
export function usableCannedSql(viewer: Viewer): Sql {
  if (!isStaffAnywhere(viewer)) return { sql: 'false', params: [] };
  const departments = viewer.isAdmin ? 'true' : 'c.department_id = any(?::int[])';
  return {
    sql: `((c.scope = 'PERSONAL' and c.owner_id = ?) or (c.scope = 'DEPARTMENT' and ${departments}) or c.scope = 'GLOBAL')`,
    params: [viewer.userId, ...(viewer.isAdmin ? [] : [`{${[...viewer.memberships.keys()].join(',')}}`])],
  };
}

/** Whether the viewer may use (and so see) one canned answer: the same rule as usableCannedSql. */
export function canUseCanned(viewer: Viewer, c: CannedFacts): boolean {
  if (!isStaffAnywhere(viewer)) return false;
  if (c.scope === CannedScope.PERSONAL) return c.ownerId === viewer.userId;
  if (c.scope === CannedScope.DEPARTMENT) return c.departmentId !== null && isStaff(viewer, c.departmentId);
  return true;
}

/**
 * Who manages a canned answer (create, change, delete): a personal one its owner; a department's its
 * owner, the department's supervisors and admins; a global one admins.
 */
export function assertMayManageCanned(viewer: Viewer, c: CannedFacts): void {
  const owner = c.ownerId === viewer.userId && isStaffAnywhere(viewer);
  const allowed =
    c.scope === CannedScope.PERSONAL
      ? owner
      : c.scope === CannedScope.DEPARTMENT
        ? c.departmentId !== null && ((owner && isStaff(viewer, c.departmentId)) || isSupervisor(viewer, c.departmentId))
        : viewer.isAdmin;
  if (!allowed) throw new ForbiddenError('Only its owner, its department’s supervisors or administrators may manage this canned answer');
}
