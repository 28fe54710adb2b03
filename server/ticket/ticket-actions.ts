import {
  DeadlockException,
  LockMode,
  LockWaitTimeoutException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError } from '../errors.js';
import { authorizeAction } from '../policies/ticket-actions.policy.js';
import { parseId } from '../shared/ids.js';
import type { Viewer } from '../auth/viewer.js';
import { lockedFacts, lockedTicketAccess, type LockedFacts, type TicketAccess } from '../policies/ticket-access.js';
import { Ticket } from './ticket.entity.js';
import { EntryVisibility, type TicketEventType } from './ticket.enums.js';
import { TicketEvent, type PropertyChange } from './ticket-event.entity.js';
import type { TicketChange, TicketEvents } from '../events/ticket-events.js';
import { isOpen, Relation, TicketStatus, type LifecycleAction, type TransitionContext } from './ticket-status.js';

/** The history entry an action writes (exactly one; null only for watch/unwatch, which have no entry type). */
export interface EntryDraft {
  type: TicketEventType;
  message?: string | null;
  visibility?: EntryVisibility;
  changes?: PropertyChange[];
  silent?: boolean;
}

/** A change the system makes on its own (auto-assignment), with the status it leads to. */
export interface SystemStep {
  entry: EntryDraft;
  to: TicketStatus;
}

/** What is known inside the action once the ticket row is locked. */
export interface ActionScope {
  tx: EntityManager;
  ticket: Ticket;
  access: TicketAccess;
  department: LockedFacts['department'];
  /** The acting user; null for the scheduler. */
  actorId: number | null;
  from: TicketStatus;
  to: TicketStatus;
}

/** One action on one ticket: which table row, extra context, and its own checks and changes. */
export interface ActionRequest {
  action: LifecycleAction;
  /** Context the table needs that depends on the action's arguments (e.g. the move target). */
  context?: (tx: EntityManager, ticket: Ticket) => Promise<TransitionContext> | TransitionContext;
  /** Checks beyond the table and changes beyond the status; returns the entry to write. */
  apply: (scope: ActionScope) => Promise<EntryDraft | null> | EntryDraft | null;
  /** A system follow-up inside the same transaction (auto-assignment after a move), written as its own entry. */
  followUp?: (scope: ActionScope) => Promise<SystemStep | null>;
  /** Work on the action's own entry once it is written (files attached to it), in the same transaction. */
  withEntry?: (scope: ActionScope, change: TicketChange) => Promise<void>;
}

/** Where actions run: a database session and the hooks for side effects. */
export interface ActionDeps {
  em: EntityManager;
  events: TicketEvents;
}

/**
 * Runs an action: locks the ticket row (concurrent actions serialise, the second judged on the
 * first's result), asks the policy and transition table, applies it, writes its history entry,
 * commits, and only then fires the after-commit hooks. Nothing is written when any step fails.
 */
export async function runAction(
  deps: ActionDeps,
  actor: Viewer | 'SCHEDULER',
  ticketId: string | number,
  request: ActionRequest,
): Promise<Ticket> {
  const id = parseId('Ticket', ticketId);
  const changes: TicketChange[] = [];
  await inTransaction(deps.em, async (tx) => {
    const ticket = await tx.findOne(Ticket, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!ticket) throw new NotFoundError('Ticket', ticketId);
    const actorId = actor === 'SCHEDULER' ? null : actor.user.id;
    const facts = await lockedFacts(tx, ticket, actorId);
    const access = actor === 'SCHEDULER' ? schedulerAccess(ticket, facts) : lockedTicketAccess(actor, ticket, facts);
    if (access.level === 'NONE') throw new NotFoundError('Ticket', ticketId);
    const { department } = facts;
    const state = {
      status: ticket.status,
      managerId: ticket.manager?.id ?? null,
      endedAt: ticket.endedAt,
      reopenDays: department.reopenDays,
      watching: facts.watching,
    };
    const extra = (await request.context?.(tx, ticket)) ?? {};
    const to = authorizeAction(access, state, request.action, extra);
    const scope: ActionScope = { tx, ticket, access, department, actorId, from: ticket.status, to };
    const draft = await request.apply(scope);
    if (draft) changes.push(await record(tx, ticket, scope.from, to, draft, actorId));
    if (draft && request.withEntry) await request.withEntry(scope, changes[0]);
    const step = await request.followUp?.(scope);
    if (step) changes.push(await record(tx, ticket, ticket.status, step.to, step.entry, null));
    await deps.events.inTransaction(tx, changes);
  });
  await deps.events.afterCommit(changes);
  // The transaction's entities are merged back into deps.em on commit: no need to read the row again.
  return deps.em.findOneOrFail(Ticket, id);
}

/** A transaction whose lost races (duplicate row, deadlock, lock timeout) answer CONFLICT, never an internal error. */
export async function inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await em.transactional(work);
  } catch (error) {
    if (
      error instanceof UniqueConstraintViolationException ||
      error instanceof DeadlockException ||
      error instanceof LockWaitTimeoutException ||
      error instanceof OptimisticLockError
    ) {
      throw new ConflictError();
    }
    throw error;
  }
}

/** Applies the status and writes the one entry of an action (status before/after, message, changes). */
export async function record(
  tx: EntityManager,
  ticket: Ticket,
  from: TicketStatus | null,
  to: TicketStatus,
  draft: EntryDraft,
  actorId: number | null,
): Promise<TicketChange> {
  const now = new Date();
  setStatus(ticket, to, now);
  ticket.lastActivityAt = now;
  const event = tx.create(TicketEvent, {
    ticket,
    type: draft.type,
    at: now,
    actor: actorId,
    statusBefore: from,
    statusAfter: to,
    message: draft.message ?? null,
    visibility: draft.visibility ?? EntryVisibility.PARTICIPANTS,
    changes: draft.changes ?? [],
    silent: draft.silent ?? false,
  });
  await tx.flush();
  return {
    ticketId: ticket.id,
    eventId: event.id,
    type: event.type,
    actorId,
    statusBefore: from,
    statusAfter: to,
    departmentId: ticket.department.id,
    silent: event.silent,
  };
}

/** Sets the status and the times that follow from it (end of the ticket, closure request). */
export function setStatus(ticket: Ticket, to: TicketStatus, now: Date): void {
  // The reopen window runs from the final status (a closure awaiting approval is not an end yet).
  if (ticket.status !== to && !isOpen(to) && to !== TicketStatus.CLOSED) ticket.endedAt = now;
  if (isOpen(to)) {
    ticket.endedAt = null;
    ticket.closureRequestedAt = null;
  }
  ticket.status = to;
}

function schedulerAccess(ticket: Ticket, { department }: LockedFacts): TicketAccess {
  return {
    level: 'FULL',
    relations: new Set([Relation.SCHEDULER]),
    facts: {
      ownerId: ticket.owner.id,
      creatorId: ticket.creator.id,
      managerId: ticket.manager?.id ?? null,
      departmentId: department.id,
      visibility: ticket.visibility,
      confidential: department.confidential,
      inviteeIds: [],
      inviterIds: [],
    },
  };
}
