import type { Viewer } from '../auth/viewer.js';
import type { ChangedProperty } from '../model/ticket-event.entity.js';
import { mayReadStaffFields } from './ticket.policy.js';

/** The department's bookkeeping: origin and time spent are for its staff only, in a ticket's fields and in its history alike. */
export const STAFF_ONLY_PROPERTIES: readonly ChangedProperty[] = ['origin', 'spentMinutes'];

/** Whether the viewer may read one changed property of an entry they may see (docs/lifecycle.md, "History"). */
export function canSeeChange(viewer: Viewer, departmentId: number, property: ChangedProperty): boolean {
  return !STAFF_ONLY_PROPERTIES.includes(property) || mayReadStaffFields(viewer, departmentId);
}
