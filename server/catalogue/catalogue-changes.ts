import type { AlertPreference, AssignmentMode, MemberRole } from '../model/catalogue.enums.js';
import type { TicketVisibility } from '../model/ticket.enums.js';

// What the catalogue's functions take, as plain types: the GraphQL input classes of catalogue.inputs.ts
// implement them, and any other caller (the demo seed, a future import or admin tool) passes plain objects.

/** A new department: codes are unique. */
export interface NewDepartment {
  code: string;
  label: string;
  confidential?: boolean;
  assignmentMode?: AssignmentMode;
}

/** Changes to a department; what is left out stays as it is. */
export interface DepartmentChanges {
  label?: string;
  enabled?: boolean;
  confidential?: boolean;
  reopenDays?: number;
  expireDays?: number;
  assignmentMode?: AssignmentMode;
  alertEmail?: string | null;
}

/** Changes to a category (or the fields of a new one); what is left out stays as it is. */
export interface CategoryChanges {
  label?: string;
  /** The parent category, of the same department; null makes it a root. */
  parentId?: string | null;
  enabled?: boolean;
  hidden?: boolean;
  position?: number;
  defaultPriority?: number | null;
  defaultVisibility?: TicketVisibility | null;
  subjectTemplate?: string | null;
  messageTemplate?: string | null;
  assignmentMode?: AssignmentMode | null;
  alertEmail?: string | null;
}

/** A new category in a department. */
export interface NewCategory extends CategoryChanges {
  departmentId: string;
}

/** A FAQ entry's fields; what is left out stays as it is. */
export interface FaqChanges {
  title?: string;
  /** Rich text, sanitised before it is stored. */
  content?: string;
  enabled?: boolean;
  categoryIds?: string[];
}

/** A department member to add, or the changes to their membership. */
export interface MemberChanges {
  departmentId: string;
  uid: string;
  role?: MemberRole;
  available?: boolean;
  alert?: AlertPreference;
  /** Categories for MY_CATEGORIES alerts. */
  categoryIds?: string[];
}
