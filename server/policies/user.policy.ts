import type { UserRecord } from '../model/user.entity.js';
import type { Viewer } from '../auth/viewer.js';

/** Email addresses are personal data: the person, staff and admins see them, other users do not. */
export function canSeeEmail(viewer: Viewer, user: { id: UserRecord['id'] | string }): boolean {
  return viewer.userId === user.id || canSeeEmails(viewer);
}

/** Staff of some department, or an admin: who works tickets for others (emails, write budgets, people filters). */
export function isStaffAnywhere(viewer: Viewer): boolean {
  return viewer.isAdmin || viewer.memberships.size > 0;
}

/** Staff and admins see everyone's email (to reach people about their tickets). */
export function canSeeEmails(viewer: Viewer): boolean {
  return isStaffAnywhere(viewer);
}
