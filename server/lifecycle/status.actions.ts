import type { EntityManager } from '@mikro-orm/postgresql';
import { DepartmentMember } from '../model/department-member.entity.js';
import { BadInputError } from '../errors.js';
import { TicketEventType } from '../model/ticket.enums.js';
import { TicketAction, TicketStatus } from '../model/ticket-status.js';
import type { User } from '../model/user.entity.js';
import type { ActionArgs, ActionDeclaration } from './action.js';
import { personOf } from './action.js';
import { clearRecall, setManager } from './changes.js';
import { userIdArg } from './people.js';

// The actions that move a ticket through its statuses (docs/lifecycle.md, "Actions"), one declaration each;
// each `api` names the mutation generated from it (docs/lifecycle.md, "Adding an action").

/** assignTicket's own argument: the chosen member's user id (Department.members → user.id). */
export interface AssignArgs extends ActionArgs {
  managerId: string;
}

/** postponeTicket's own argument: when the ticket comes back. */
export interface PostponeArgs extends ActionArgs {
  until: Date;
}

/** "Prendre en charge": the actor becomes the ticket manager. */
export const take: ActionDeclaration<ActionArgs> = {
  action: TicketAction.TAKE,
  api: { mutation: 'takeTicket', description: '"Prendre en charge".', silent: true },
  entry: TicketEventType.TAKEN,
  message: 'none',
  change: (scope) => setManager(scope, personOf(scope).user),
};

/** A supervisor gives the ticket to a member of its department. */
export const assign: ActionDeclaration<AssignArgs, User> = {
  action: TicketAction.ASSIGN,
  api: { mutation: 'assignTicket', description: 'Supervisors give the ticket to a member of its department.', silent: true },
  entry: TicketEventType.ASSIGNED,
  message: 'none',
  check: async (scope, args) => {
    const target = await memberOf(scope.tx, scope.department.id, args.managerId);
    if (scope.ticket.manager?.id === target.id) throw new BadInputError('This member already manages the ticket', 'managerId');
    return target;
  },
  change: (scope, target) => setManager(scope, target),
};

/** "Libérer": the ticket goes back to the department's queue. */
export const free: ActionDeclaration<ActionArgs> = {
  action: TicketAction.FREE,
  api: { mutation: 'freeTicket', description: '"Libérer".', silent: true },
  entry: TicketEventType.FREED,
  message: 'none',
  change: (scope) => setManager(scope, null),
};

/** The manager asks the owner a question ("Demande de complément d'information"). */
export const requestInformation: ActionDeclaration<ActionArgs> = {
  action: TicketAction.REQUEST_INFORMATION,
  api: { mutation: 'requestInformation', description: '"Demande de complément d\'information".', silent: true },
  entry: TicketEventType.INFORMATION_REQUESTED,
  message: 'required',
  budget: 'COMMENT',
};

/** A comment; from the owner or an invitee of a ticket waiting for information, it is the answer. */
export const addComment: ActionDeclaration<ActionArgs> = {
  action: TicketAction.ADD_COMMENT,
  api: {
    mutation: 'addComment',
    description: '"Ajouter commentaire"; the owner\'s or an invitee\'s answer to a request for information.',
    silent: true,
  },
  entry: (from, to) =>
    from === TicketStatus.INCOMPLETE && to === TicketStatus.IN_PROGRESS ? TicketEventType.INFORMATION_GIVEN : TicketEventType.COMMENTED,
  message: 'required',
  budget: 'COMMENT',
};

/** Postpones until a recall date in the future. */
export const postpone: ActionDeclaration<PostponeArgs, Date> = {
  action: TicketAction.POSTPONE,
  api: { mutation: 'postponeTicket', description: 'Postpones the ticket until a recall date.', silent: true },
  entry: TicketEventType.POSTPONED,
  message: 'optional',
  budget: 'COMMENT',
  check: (_scope, { until }) => {
    if (!(until instanceof Date) || Number.isNaN(until.getTime()) || until.getTime() <= Date.now()) {
      throw new BadInputError('The recall date must be in the future', 'until', undefined, 'PAST_DATE');
    }
    return until;
  },
  change: ({ ticket }, until) => {
    const before = ticket.recallAt?.toISOString() ?? null;
    ticket.recallAt = until;
    return [{ property: 'recallAt', before, after: until.toISOString() }];
  },
};

/** Brings a postponed ticket back before its recall date. */
export const recall: ActionDeclaration<ActionArgs> = {
  action: TicketAction.RECALL,
  api: { mutation: 'recallTicket', description: 'Brings a postponed ticket back before its recall date.', silent: true },
  entry: TicketEventType.RECALLED,
  message: 'none',
  change: ({ ticket }) => clearRecall(ticket),
};

/** "Demander la clôture": the manager solved it and asks the owner to approve; the expiry clock starts. */
export const requestClosure: ActionDeclaration<ActionArgs> = {
  action: TicketAction.REQUEST_CLOSURE,
  api: {
    mutation: 'requestClosure',
    description: '"Demander la clôture": the manager asks the owner to approve the closure.',
    silent: true,
  },
  entry: TicketEventType.CLOSURE_REQUESTED,
  message: 'required',
  budget: 'COMMENT',
  change: ({ ticket }) => {
    ticket.closureRequestedAt = new Date();
    return clearRecall(ticket);
  },
};

/** The owner closes their own ticket. */
export const close: ActionDeclaration<ActionArgs> = {
  action: TicketAction.CLOSE,
  api: { mutation: 'closeTicket', description: 'The owner closes their own ticket.' },
  entry: TicketEventType.CLOSED_BY_OWNER,
  message: 'optional',
  budget: 'COMMENT',
};

/** The owner approves the closure ("Approuver"). */
export const approveClosure: ActionDeclaration<ActionArgs> = {
  action: TicketAction.APPROVE_CLOSURE,
  api: { mutation: 'approveClosure', description: '"Approuver" the closure.' },
  entry: TicketEventType.CLOSURE_APPROVED,
  message: 'optional',
  budget: 'COMMENT',
};

/** The owner refuses the closure, with a justification ("Refuser clôture"). */
export const refuseClosure: ActionDeclaration<ActionArgs> = {
  action: TicketAction.REFUSE_CLOSURE,
  api: { mutation: 'refuseClosure', description: '"Refuser clôture", with a justification.' },
  entry: TicketEventType.CLOSURE_REFUSED,
  message: 'required',
  budget: 'COMMENT',
};

/** "Annuler": the owner withdraws the ticket. */
export const cancel: ActionDeclaration<ActionArgs> = {
  action: TicketAction.CANCEL,
  api: { mutation: 'cancelTicket', description: '"Annuler": the owner withdraws the ticket.' },
  entry: TicketEventType.CANCELLED,
  message: 'optional',
  budget: 'COMMENT',
};

/** The department refuses the ticket, with a reason. */
export const refuse: ActionDeclaration<ActionArgs> = {
  action: TicketAction.REFUSE,
  api: { mutation: 'refuseTicket', description: 'The department refuses the ticket, with a reason.', silent: true },
  entry: TicketEventType.REFUSED,
  message: 'required',
  budget: 'COMMENT',
};

/** Reopens an ended ticket, with a reason: back to its last manager if still a member, else to the queue. */
export const reopen: ActionDeclaration<ActionArgs> = {
  action: TicketAction.REOPEN,
  api: { mutation: 'reopenTicket', description: 'Reopens an ended ticket, with a reason.', silent: true },
  entry: TicketEventType.REOPENED,
  message: 'required',
  budget: 'COMMENT',
  outcome: async ({ tx, ticket }) => ({
    lastManagerStillMember:
      ticket.manager !== null && (await tx.count(DepartmentMember, { department: ticket.department.id, user: ticket.manager.id })) > 0,
  }),
  change: (scope) => (scope.to === TicketStatus.FREE && scope.ticket.manager ? setManager(scope, null) : []),
};

async function memberOf(tx: EntityManager, departmentId: number, userId: string): Promise<User> {
  const member = await tx.findOne(
    DepartmentMember,
    { department: departmentId, user: userIdArg(userId, 'managerId') },
    { populate: ['user'] },
  );
  if (!member) throw new BadInputError("This user is not a member of the ticket's department", 'managerId');
  return member.user.getEntity();
}
