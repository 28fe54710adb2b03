/** A department member's role: supervisors also run the department (docs/domain.md, "People and roles"). */
export enum MemberRole {
  MANAGER = 'MANAGER',
  SUPERVISOR = 'SUPERVISOR',
}

/** Which new tickets a member is alerted about. */
export enum AlertPreference {
  ALL = 'ALL',
  MY_CATEGORIES = 'MY_CATEGORIES',
  NONE = 'NONE',
}

/** How a new or moved ticket picks its manager. */
export enum AssignmentMode {
  NONE = 'NONE',
  FIRST = 'FIRST',
  ROUND_ROBIN = 'ROUND_ROBIN',
  LEAST_LOADED = 'LEAST_LOADED',
}
