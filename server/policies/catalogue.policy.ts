import { ForbiddenError } from '../errors.js';
import type { Viewer } from '../auth/viewer.js';
import { isStaff, isSupervisor } from './ticket.policy.js';

/** Only admins create departments or change their identity and settings. */
export function assertAdmin(viewer: Viewer): void {
  if (!viewer.isAdmin) throw new ForbiddenError('Only administrators may do this');
}

/** A department's categories, FAQ and members are run by its supervisors and by admins. */
export function assertRunsDepartment(viewer: Viewer, departmentId: number): void {
  if (!isSupervisor(viewer, departmentId)) throw new ForbiddenError("Only the department's supervisors or administrators may do this");
}

/** Staff (the read rules' STAFF) see a department's members and its disabled or hidden categories. */
export function canSeeDepartmentInternals(viewer: Viewer, departmentId: number): boolean {
  return isStaff(viewer, departmentId);
}

/** Supervisors tune their department; enabling it or making it confidential is for admins. */
export function assertMayUpdateDepartment(
  viewer: Viewer,
  departmentId: number,
  change: { enabled?: boolean | null; confidential?: boolean | null },
): void {
  if (change.enabled != null || change.confidential != null) assertAdmin(viewer);
  assertRunsDepartment(viewer, departmentId);
}
