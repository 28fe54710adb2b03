import { ForbiddenError, InvalidTransitionError, NotFoundError } from '../errors.js';
import type { TicketAccess } from './ticket-access.js';
import { EntryVisibility } from '../model/ticket.enums.js';
import {
  allowedActions,
  isOpen,
  Relation,
  transition,
  type LifecycleAction,
  TicketAction,
  type TicketStatus,
  type TransitionContext,
} from '../model/ticket-status.js';
import { DAY_MS } from '../shared/values.js';
import type { Viewer } from '../auth/viewer.js';
import { isStaff, isSupervisor } from './ticket.policy.js';

/** The state of a ticket that the rules read besides who the viewer is. */
export interface TicketState {
  status: TicketStatus;
  managerId: number | null;
  endedAt: Date | null;
  reopenDays: number;
  watching: boolean;
}

/** The context the transition table needs, derived from the ticket's state. */
export function transitionContext(state: TicketState, now = new Date()): TransitionContext {
  return {
    hasManager: state.managerId !== null,
    watching: state.watching,
    withinReopenWindow: state.endedAt !== null && now.getTime() - state.endedAt.getTime() <= state.reopenDays * DAY_MS,
  };
}

/** What the viewer may do now: the API hands this to clients so none re-implements a rule. */
export function allowedActionsFor(viewer: Viewer, access: TicketAccess, state: TicketState): TicketAction[] {
  if (access.level === 'NONE') return [];
  const actions = allowedActions(state.status, access.relations, transitionContext(state));
  return mayRemoveSomeInvitation(viewer, access) ? actions : actions.filter((a) => a !== TicketAction.REMOVE_INVITATION);
}

// The table says who may ever remove; the invitations at hand say whether there is one this viewer may remove.
function mayRemoveSomeInvitation(viewer: Viewer, access: TicketAccess): boolean {
  return access.facts.inviterIds.some((inviter) => mayRemove(viewer, access, inviter));
}

function mayRemove(viewer: Viewer, access: TicketAccess, invitedById: number): boolean {
  const r = access.relations;
  return r.has(Relation.OWNER) || r.has(Relation.SUPERVISOR) || r.has(Relation.ADMIN) || invitedById === viewer.userId;
}

/**
 * Judges an action: NOT_FOUND when the ticket is hidden, FORBIDDEN when the viewer may never do it,
 * INVALID_TRANSITION when the status forbids it; else the status the ticket goes to.
 */
export function authorizeAction(
  access: TicketAccess,
  state: TicketState,
  action: LifecycleAction,
  extra: TransitionContext = {},
): TicketStatus {
  if (access.level === 'NONE') throw new NotFoundError('Ticket');
  const result = transition(state.status, action, access.relations, { ...transitionContext(state), ...extra });
  if (result.ok) return result.to;
  if (result.refusal === 'RELATION') throw new ForbiddenError(`You may not do ${action} on this ticket`);
  throw new InvalidTransitionError(action, state.status);
}

/** Staff may file a ticket on someone's behalf. */
export function canFileOnBehalf(viewer: Viewer, departmentId: number): boolean {
  return isStaff(viewer, departmentId);
}

/** Moving a ticket out of its department is for that department's supervisors. */
export function assertMayMoveTo(viewer: Viewer, fromDepartmentId: number, toDepartmentId: number): void {
  if (fromDepartmentId !== toDepartmentId && !isSupervisor(viewer, fromDepartmentId)) {
    throw new ForbiddenError('Only a supervisor may move a ticket to another department');
  }
}

/** An invitation is removed by the owner, a supervisor, or whoever invited. */
export function assertMayRemoveInvitation(viewer: Viewer, access: TicketAccess, invitedById: number): void {
  if (mayRemove(viewer, access, invitedById)) return;
  throw new ForbiddenError('Only the owner, a supervisor or whoever invited may remove this invitation');
}

/** Which properties the viewer may change: the owner only subject and priority while open; TM and S everything. */
export function assertMayUpdate(access: TicketAccess, status: TicketStatus, fields: readonly string[]): void {
  const r = access.relations;
  const manages = r.has(Relation.TICKET_MANAGER) || r.has(Relation.SUPERVISOR) || r.has(Relation.ADMIN);
  const allowed = manages
    ? isOpen(status)
      ? fields
      : fields.filter((f) => f === 'origin' || f === 'spentMinutes')
    : r.has(Relation.OWNER) && isOpen(status)
      ? fields.filter((f) => f === 'subject' || f === 'priority')
      : [];
  const refused = fields.filter((f) => !allowed.includes(f));
  if (refused.length > 0) throw new ForbiddenError(`You may not change ${refused.join(', ')} now`);
}

/** Only staff act silently (no email) or write internal notes and entries aimed at some participants. */
export function assertMayUseEntryOptions(
  viewer: Viewer,
  departmentId: number,
  opts: { silent?: boolean | null; visibility?: EntryVisibility | null },
): void {
  if (isStaff(viewer, departmentId)) return;
  if (opts.silent) throw new ForbiddenError('Only staff may act silently');
  if (opts.visibility && opts.visibility !== EntryVisibility.EVERYONE && opts.visibility !== EntryVisibility.PARTICIPANTS) {
    throw new ForbiddenError('Only staff may restrict an entry to some participants');
  }
}
