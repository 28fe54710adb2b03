import type { User } from '../user/user.entity.js';
import type { Viewer } from '../user/user.service.js';

/** Email addresses are personal data: the person, staff and admins see them, other users do not. */
export function canSeeEmail(viewer: Viewer, user: User): boolean {
  return viewer.user.id === user.id || viewer.isAdmin || viewer.memberships.size > 0;
}
