import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../auth/context.js';
import { acceptsTickets } from '../catalogue/catalogue.service.js';
import { Category } from '../catalogue/category.entity.js';
import { DepartmentMember } from '../catalogue/department-member.entity.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { assertMayMoveTo, assertMayUseEntryOptions } from '../policies/ticket-actions.policy.js';
import { parseId } from '../shared/ids.js';
import { optionalRichText, requireRichText } from '../shared/rich-text.js';
import { User } from '../user/user.entity.js';
import { autoAssign } from './assignment.js';
import { runAction, type ActionRequest, type ActionScope, type EntryDraft } from './ticket-actions.js';
import { forgetTicket } from './ticket.loaders.js';
import type { Ticket } from './ticket.entity.js';
import { EntryVisibility, TicketEventType } from './ticket.enums.js';
import { LIMITS } from './ticket.service.js';
import { TicketAction, TicketStatus } from './ticket-status.js';

/** Options every entry-writing action shares: staff may act silently and aim an entry at some participants. */
export interface EntryOptions {
  silent?: boolean | null;
  visibility?: EntryVisibility | null;
}

/** Runs an action for the request's viewer and forgets what the request cached about the ticket. */
export async function act(ctx: RequestContext, ticketId: string, request: ActionRequest): Promise<Ticket> {
  const ticket = await runAction(ctx, ctx.viewer, ticketId, request);
  forgetTicket(ctx, ticket.id);
  return ticket;
}

/** An action whose only effect is its status change and an entry (with an optional or required message). */
export function simpleAction(
  ctx: RequestContext,
  ticketId: string,
  action: TicketAction,
  type: TicketEventType,
  message: { text: string | null | undefined; required: boolean },
  options: EntryOptions = {},
  change?: (scope: ActionScope) => void,
): Promise<Ticket> {
  return act(ctx, ticketId, {
    action,
    apply: (scope) => {
      const entry = entryFor(ctx, scope, type, message, options);
      change?.(scope);
      return entry;
    },
  });
}

/** Validates the message and entry options of an action, in the actor's rights. */
export function entryFor(
  ctx: RequestContext,
  scope: ActionScope,
  type: TicketEventType,
  message: { text: string | null | undefined; required: boolean },
  options: EntryOptions = {},
): EntryDraft {
  assertMayUseEntryOptions(ctx.viewer, scope.department.id, options);
  const text = message.required
    ? requireRichText('message', message.text, LIMITS.message)
    : optionalRichText('message', message.text, LIMITS.message);
  return { type, message: text, visibility: options.visibility ?? EntryVisibility.PARTICIPANTS, silent: options.silent ?? false };
}

/** "Prendre en charge": the viewer becomes the ticket manager. */
export function take(ctx: RequestContext, ticketId: string, options: EntryOptions): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.TAKE,
    apply: async (scope) =>
      setManager(scope, ctx.viewer.user, entryFor(ctx, scope, TicketEventType.TAKEN, { text: null, required: false }, options)),
  });
}

/** A supervisor gives the ticket to a member of its department. */
export function assign(ctx: RequestContext, ticketId: string, managerId: string, options: EntryOptions): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.ASSIGN,
    apply: async (scope) => {
      const entry = entryFor(ctx, scope, TicketEventType.ASSIGNED, { text: null, required: false }, options);
      const target = await memberOf(scope.tx, scope.department.id, managerId, 'managerId');
      if (scope.ticket.manager?.id === target.id) throw new BadInputError('This member already manages the ticket', 'managerId');
      return setManager(scope, target, entry);
    },
  });
}

/** "Libérer": the ticket goes back to the department's queue. */
export function free(ctx: RequestContext, ticketId: string, options: EntryOptions): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.FREE,
    apply: async (scope) => setManager(scope, null, entryFor(ctx, scope, TicketEventType.FREED, { text: null, required: false }, options)),
  });
}

/** Adds a comment; from the owner or an invitee of a ticket waiting for information, it is the answer. */
export function addComment(ctx: RequestContext, ticketId: string, message: string, options: EntryOptions): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.ADD_COMMENT,
    apply: (scope) => {
      const answers = scope.from === TicketStatus.INCOMPLETE && scope.to === TicketStatus.IN_PROGRESS;
      return entryFor(
        ctx,
        scope,
        answers ? TicketEventType.INFORMATION_GIVEN : TicketEventType.COMMENTED,
        { text: message, required: true },
        options,
      );
    },
  });
}

/** Postpones until a recall date in the future. */
export function postpone(
  ctx: RequestContext,
  ticketId: string,
  until: Date,
  message: string | null | undefined,
  options: EntryOptions,
): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.POSTPONE,
    apply: (scope) => {
      if (!(until instanceof Date) || Number.isNaN(until.getTime()) || until.getTime() <= Date.now()) {
        throw new BadInputError('The recall date must be in the future', 'until');
      }
      const entry = entryFor(ctx, scope, TicketEventType.POSTPONED, { text: message, required: false }, options);
      entry.changes = [{ field: 'recallAt', before: scope.ticket.recallAt?.toISOString() ?? null, after: until.toISOString() }];
      scope.ticket.recallAt = until;
      return entry;
    },
  });
}

/** Brings a postponed ticket back before its recall date. */
export function recall(ctx: RequestContext, ticketId: string, options: EntryOptions): Promise<Ticket> {
  return simpleAction(
    ctx,
    ticketId,
    TicketAction.RECALL,
    TicketEventType.RECALLED,
    { text: null, required: false },
    options,
    ({ ticket }) => {
      ticket.recallAt = null;
    },
  );
}

/** "Clore": the manager solved it and asks the owner to approve; the expiry clock starts. */
export function requestClosure(ctx: RequestContext, ticketId: string, message: string, options: EntryOptions): Promise<Ticket> {
  return simpleAction(
    ctx,
    ticketId,
    TicketAction.REQUEST_CLOSURE,
    TicketEventType.CLOSURE_REQUESTED,
    { text: message, required: true },
    options,
    ({ ticket }) => {
      ticket.closureRequestedAt = new Date();
      ticket.recallAt = null;
    },
  );
}

/** Reopens an ended ticket: back to its last manager if still a member, else to the queue. */
export function reopen(ctx: RequestContext, ticketId: string, message: string, options: EntryOptions): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.REOPEN,
    context: async (tx, ticket) => ({
      lastManagerStillMember:
        ticket.manager !== null && (await tx.count(DepartmentMember, { department: ticket.department.id, user: ticket.manager.id })) > 0,
    }),
    apply: (scope) => {
      const entry = entryFor(ctx, scope, TicketEventType.REOPENED, { text: message, required: true }, options);
      if (scope.to === TicketStatus.FREE && scope.ticket.manager) return setManager(scope, null, entry);
      return entry;
    },
  });
}

/** "Déplacer": to another category (another department: supervisors); frees a manager who is not a member there, then auto-assigns. */
export function move(
  ctx: RequestContext,
  ticketId: string,
  categoryId: string,
  message: string | null | undefined,
  options: EntryOptions,
): Promise<Ticket> {
  let target: Category | undefined;
  return act(ctx, ticketId, {
    action: TicketAction.MOVE,
    context: async (tx, ticket) => {
      target = (await tx.findOne(Category, { id: parseId('Category', categoryId) }, { populate: ['department'] })) ?? undefined;
      if (!target) throw new NotFoundError('Category', categoryId);
      const managerStays =
        ticket.manager !== null && (await tx.count(DepartmentMember, { department: target.department.id, user: ticket.manager.id })) > 0;
      return { managerFreedByMove: ticket.manager !== null && !managerStays };
    },
    apply: async (scope) => {
      const category = target!;
      assertMayMoveTo(ctx.viewer, scope.department.id, category.department.id);
      if (!(await acceptsTickets(scope.tx, category, { allowHidden: true })))
        throw new BadInputError('This category is disabled: choose another one', 'categoryId');
      if (category.id === scope.ticket.category.id) throw new BadInputError('The ticket is already in this category', 'categoryId');
      const entry = entryFor(ctx, scope, TicketEventType.MOVED, { text: message, required: false }, options);
      const previous = (await scope.tx.findOneOrFail(Category, scope.ticket.category.id)).path;
      entry.changes = [{ field: 'category', before: previous, after: category.path }];
      scope.ticket.category = scope.tx.getReference(Category, category.id, { wrapped: true });
      scope.ticket.department = category.department;
      if (scope.to === TicketStatus.FREE && scope.ticket.manager) {
        entry.changes.push({ field: 'manager', before: (await scope.ticket.manager.load())?.displayName ?? null, after: null });
        scope.ticket.manager = null;
      }
      return entry;
    },
    followUp: async (scope) => (scope.to === TicketStatus.FREE ? autoAssign(scope.tx, scope.ticket, target!) : null),
  });
}

async function memberOf(tx: EntityManager, departmentId: number, userId: string, field: string): Promise<User> {
  const member = await tx.findOne(
    DepartmentMember,
    { department: departmentId, user: parseIdOrBad(userId, field) },
    { populate: ['user'] },
  );
  if (!member) throw new BadInputError("This user is not a member of the ticket's department", field);
  return member.user.getEntity();
}

function parseIdOrBad(id: string, field: string): number {
  try {
    return parseId('User', id);
  } catch {
    throw new BadInputError('Unknown user', field);
  }
}

async function setManager(scope: ActionScope, manager: User | null, entry: EntryDraft): Promise<EntryDraft> {
  const before = scope.ticket.manager ? ((await scope.ticket.manager.load())?.displayName ?? null) : null;
  scope.ticket.manager = manager ? scope.tx.getReference(User, manager.id, { wrapped: true }) : null;
  entry.changes = [...(entry.changes ?? []), { field: 'manager', before, after: manager?.displayName ?? null }];
  return entry;
}
