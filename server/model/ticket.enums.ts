/** Who may read a ticket beyond its participants (docs/domain.md, "Who may read what"). */
export enum TicketVisibility {
  PRIVATE = 'PRIVATE',
  PUBLIC = 'PUBLIC',
  SUBJECT_ONLY = 'SUBJECT_ONLY',
}

/** Who may read one history entry or file. */
export enum EntryVisibility {
  EVERYONE = 'EVERYONE',
  PARTICIPANTS = 'PARTICIPANTS',
  OWNER = 'OWNER',
  INVITEES = 'INVITEES',
  STAFF = 'STAFF',
}

/** How the request reached the helpdesk. */
export enum TicketOrigin {
  WEB = 'WEB',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  API = 'API',
  OTHER = 'OTHER',
}

/** The kind of a history entry: one per action (docs/api.md, "Statuses, actions and entries"). */
export enum TicketEventType {
  CREATED = 'CREATED',
  TAKEN = 'TAKEN',
  ASSIGNED = 'ASSIGNED',
  FREED = 'FREED',
  INFORMATION_REQUESTED = 'INFORMATION_REQUESTED',
  INFORMATION_GIVEN = 'INFORMATION_GIVEN',
  COMMENTED = 'COMMENTED',
  POSTPONED = 'POSTPONED',
  RECALLED = 'RECALLED',
  CLOSURE_REQUESTED = 'CLOSURE_REQUESTED',
  CLOSED_BY_OWNER = 'CLOSED_BY_OWNER',
  CLOSURE_APPROVED = 'CLOSURE_APPROVED',
  CLOSURE_REFUSED = 'CLOSURE_REFUSED',
  CANCELLED = 'CANCELLED',
  REFUSED = 'REFUSED',
  REOPENED = 'REOPENED',
  EXPIRED = 'EXPIRED',
  MOVED = 'MOVED',
  INVITED = 'INVITED',
  INVITATION_REMOVED = 'INVITATION_REMOVED',
  UPDATED = 'UPDATED',
  FILES_ATTACHED = 'FILES_ATTACHED',
  FILE_DELETED = 'FILE_DELETED',
  OWNER_CHANGED = 'OWNER_CHANGED',
  /** The application reminded the owner of an INCOMPLETE ticket (no action, no status change). */
  REMINDED = 'REMINDED',
  /** The application could not deliver a mail about the ticket (staff only: who, and why). */
  MAIL_FAILED = 'MAIL_FAILED',
}

/** How a viewer relates to the tickets listed (docs/api.md, "The fixed names": TicketFilter.involvement). */
export enum Involvement {
  OWNER = 'OWNER',
  INVITED = 'INVITED',
  MANAGER = 'MANAGER',
  DEPARTMENT = 'DEPARTMENT',
  WATCHING = 'WATCHING',
}
