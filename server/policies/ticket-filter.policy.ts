import type { Viewer } from '../auth/viewer.js';
import { canSeeDepartmentInternals } from './catalogue.policy.js';
import { isStaffAnywhere } from './user.policy.js';

/**
 * Which ids a ticket filter may name (schema.graphql, TicketFilter and its managerId).
 * An id the viewer may not see answers exactly like one that does not exist, so a filter never
 * tells anyone that a hidden department, category or person exists.
 */

/** A department as a filter names it. */
export interface NamedDepartment {
  id: number;
  enabled: boolean;
}

/** A category as a filter names it, with what the catalogue's rules need of its department. */
export interface NamedCategory {
  departmentId: number;
  enabled: boolean;
  hidden: boolean;
  departmentEnabled: boolean;
}

/** A person as a filter names them (managerId, ownerId). */
export interface NamedPerson {
  id: number;
  /** Invited by email and never signed in: known only to whoever sees that invitation. */
  provisional: boolean;
}

/** The departments `departments` lists to the viewer: enabled ones, and their own (admins: all). */
export function canNameDepartment(viewer: Viewer, department: NamedDepartment): boolean {
  return department.enabled || canSeeDepartmentInternals(viewer, department.id);
}

/** The categories the catalogue shows the viewer: enabled and shown in an enabled department; staff all of theirs. */
export function canNameCategory(viewer: Viewer, category: NamedCategory): boolean {
  if (canSeeDepartmentInternals(viewer, category.departmentId)) return true;
  return category.enabled && !category.hidden && category.departmentEnabled;
}

/**
 * Staff (members of any department) and admins may name anyone: they see people on every ticket
 * of their queues. Others may name themselves and the people `users(search)` shows them, never an
 * account that exists only through an email invitation.
 */
export function canNamePerson(viewer: Viewer, person: NamedPerson): boolean {
  if (person.id === viewer.userId || isStaffAnywhere(viewer)) return true;
  return !person.provisional;
}
