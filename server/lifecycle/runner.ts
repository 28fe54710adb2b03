import { DeadlockException, LockWaitTimeoutException, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../auth/context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { TicketChange, TicketHooks } from '../hooks/ticket-hooks.js';
import { lockedTicketAccess, type LockedFacts, type TicketAccess } from '../policies/ticket-access.js';
import { assertMayUseEntryOptions, authorizeAction, type TicketState } from '../policies/ticket-actions.policy.js';
import { mayReadTicket } from '../policies/ticket-readable.js';
import { parseId } from '../shared/ids.js';
import { optionalRichText, requireRichText } from '../shared/rich-text.js';
import type { Ticket } from '../model/ticket.entity.js';
import { EntryVisibility } from '../model/ticket.enums.js';
import { forgetTicket } from '../ticket/ticket.loaders.js';
import { attachToEntry, linkPastedImages } from '../files/attach.js';
import { receivedFiles } from '../files/incoming-file.js';
import { LIMITS } from '../ticket/ticket.service.js';
import { Relation } from '../model/ticket-status.js';
import { withinBudget } from './budget.js';
import { record } from './entry.js';
import { lockTicket, TicketRow } from './ticket-row.js';
import { ActionTransaction } from './transaction.js';
import type {
  ActionArgs,
  ActionDeclaration,
  ActionScope,
  ActionSteps,
  Actor,
  EntryArgs,
  FilingDeclaration,
  MessageRule,
} from './action.js';

/** Where an action runs and for whom: a person's request, or the scheduler's own session. */
export type ActionSite = RequestContext | SchedulerSite;

/** The scheduler's session: no request, no viewer, the same hooks. */
export interface SchedulerSite {
  em: EntityManager;
  hooks: TicketHooks;
  viewer: 'SCHEDULER';
}

interface Obtained<R> {
  scope: ActionScope;
  checked: R;
  row: TicketRow;
}

/**
 * Runs a declared action on an existing ticket (docs/lifecycle.md, "The runner"): a light read check
 * BEFORE the row lock (a stranger never waits on, or locks, a ticket they cannot see), then the lock,
 * the judgement by the table, the checks, the change, one entry, the follow-up, the hooks, the commit.
 * `silent` (staff only) records the action but sends no email.
 */
export async function runAction<A extends ActionArgs, R>(
  site: ActionSite,
  declaration: ActionDeclaration<A, R>,
  args: A,
  silent: boolean | null = null,
): Promise<Ticket> {
  const id = parseId('Ticket', args.ticketId);
  if (site.viewer !== 'SCHEDULER' && !(await mayReadTicket(site.em, site.viewer, id))) throw new NotFoundError('Ticket');
  const options = { silent, visibility: args.visibility };
  return withinBudget(site, declaration.budget, id, () =>
    execute(site, declaration, args, silent ?? false, (t) => lockAndJudge(t, site.viewer, id, declaration, args, options)),
  );
}

/**
 * Files a ticket through the same runner: checks, the new row (FREE), its CREATED entry, auto-assignment,
 * hooks — unless the caller already filed it (a retry, see `earlier`). Two tries of one request at once:
 * the one that loses the race on the request's key answers the winner's ticket.
 */
export async function runFiling<A extends EntryArgs, R>(
  ctx: RequestContext,
  declaration: FilingDeclaration<A, R>,
  args: A,
): Promise<Ticket> {
  const earlier = async (): Promise<Ticket | null> => (await declaration.earlier?.(ctx.em, ctx.viewer, args)) ?? null;
  const filed = await earlier();
  if (filed) return filed;
  try {
    return await withinBudget(ctx, declaration.budget, null, () => fileNew(ctx, declaration, args));
  } catch (error) {
    const winner = error instanceof ConflictError ? await earlier() : null;
    if (winner) return winner;
    throw error;
  }
}

function fileNew<A extends EntryArgs, R>(ctx: RequestContext, declaration: FilingDeclaration<A, R>, args: A): Promise<Ticket> {
  return execute(ctx, declaration, args, false, async (t) => {
    const checked = await declaration.check(t.em, ctx.viewer, args);
    const ticket = await declaration.file(t.em, ctx.viewer, checked);
    const department = ticket.department.getEntity();
    const facts: LockedFacts = {
      department: {
        id: department.id,
        confidential: department.confidential,
        reopenDays: department.reopenDays,
        expireDays: department.expireDays,
      },
      invitations: [],
      watching: false,
    };
    const access = lockedTicketAccess(ctx.viewer, ticket, facts);
    // Filed by another service on a person's behalf: the entry is the person's, "via" the account.
    const actorId = ctx.viewer.service ? ticket.owner.id : ctx.viewer.userId;
    return {
      scope: scopeIn(t, { ticket, access, department: facts.department, actor: ctx.viewer, actorId, from: null, to: ticket.status }),
      checked,
      row: new TicketRow(t, t.em, ticket),
    };
  });
}

// The one path every action takes once its ticket is in hand; `obtain` locks and judges it, or files it.
async function execute<A extends EntryArgs, R>(
  site: ActionSite,
  steps: ActionSteps<A, R>,
  args: A,
  silent: boolean,
  obtain: (t: ActionTransaction) => Promise<Obtained<R>>,
): Promise<Ticket> {
  const changes: TicketChange[] = [];
  // A refused file (too large, of a refused type…) refuses the action before anything is written.
  const files = receivedFiles(args.attachments);
  const ticket = await inTransaction(site.em, async (t) => {
    const { scope, checked, row } = await obtain(t);
    const message = messageOf(steps.message, linkPastedImages(args.message, files));
    const changed = (await steps.change?.(scope, checked, args)) ?? [];
    if (steps.entry !== null) {
      const type = typeof steps.entry === 'function' ? steps.entry(scope.from, scope.to) : steps.entry;
      const visibility = steps.visibility?.(changed, checked) ?? args.visibility ?? EntryVisibility.PARTICIPANTS;
      const draft = { type, message, visibility, changes: changed, silent };
      const via = site.viewer === 'SCHEDULER' ? null : (site.viewer.service?.name ?? null);
      const entry = await record(row, scope.from, scope.to, draft, scope.actorId, via);
      changes.push(entry);
      // The files belong to the entry and share its visibility; both commit together.
      if (scope.actorId !== null && files.length > 0) await attachToEntry(t.em, { ...entry, visibility, uploaderId: scope.actorId }, files);
    }
    // What the change created or removed besides the ticket row (invitations, watchers), before the hooks run.
    await t.flush();
    const step = await steps.followUp?.(scope, checked);
    if (step) changes.push(await record(row, scope.ticket.status, step.to, { type: step.type, changes: step.changes }, null));
    await site.hooks.inTransaction(t, changes);
    return scope.ticket;
  });
  await site.hooks.afterCommit(changes);
  if (site.viewer !== 'SCHEDULER') forgetTicket(site, ticket.id);
  // The row as this action left it: the entity is in step with what was written, no need to read it again.
  return ticket;
}

// Lock, re-judge the reader under the lock, judge the action with the table, then its options and arguments.
async function lockAndJudge<A extends ActionArgs, R>(
  t: ActionTransaction,
  actor: Actor,
  id: number,
  declaration: ActionDeclaration<A, R>,
  args: A,
  options: Parameters<typeof assertMayUseEntryOptions>[2],
): Promise<Obtained<R>> {
  const actorId = actor === 'SCHEDULER' ? null : actor.user.id;
  const locked = await lockTicket(t, id, actorId);
  if (!locked) throw new NotFoundError('Ticket');
  const { row, facts } = locked;
  const ticket = row.ticket;
  const access = actor === 'SCHEDULER' ? schedulerAccess(ticket, facts) : lockedTicketAccess(actor, ticket, facts);
  const state: TicketState = {
    status: ticket.status,
    managerId: ticket.manager?.id ?? null,
    endedAt: ticket.endedAt,
    reopenDays: facts.department.reopenDays,
    watching: facts.watching,
  };
  const to = authorizeAction(access, state, declaration.action);
  if (actor !== 'SCHEDULER') assertMayUseEntryOptions(actor, facts.department.id, options);
  const scope = scopeIn(t, { ticket, access, department: facts.department, actor, actorId, from: ticket.status, to });
  // A declaration without checks has R = void: there is nothing to find.
  const checked = (declaration.check ? await declaration.check(scope, args) : undefined) as R;
  if (declaration.outcome) scope.to = authorizeAction(access, state, declaration.action, await declaration.outcome(scope, checked));
  return { scope, checked, row };
}

function messageOf(rule: MessageRule, raw: string | null | undefined): string | null {
  if (rule === 'none') return null;
  return rule === 'required' ? requireRichText('message', raw, LIMITS.message) : optionalRichText('message', raw, LIMITS.message);
}

/** A transaction whose lost races (duplicate row, deadlock, lock timeout) answer CONFLICT, never an internal error. */
async function inTransaction<T>(em: EntityManager, work: (t: ActionTransaction) => Promise<T>): Promise<T> {
  try {
    const t = await ActionTransaction.begin(em);
    try {
      const result = await work(t);
      await t.commit();
      return result;
    } catch (error) {
      // The failure is what the caller hears about, not a rollback on a broken connection.
      await t.rollback().catch(() => undefined);
      throw error;
    }
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

/** What a step knows of its action; `tx` is made when a step first asks for it (the hot actions never do). */
function scopeIn(t: ActionTransaction, known: Omit<ActionScope, 'tx'>): ActionScope {
  return {
    ...known,
    get tx() {
      return t.em;
    },
  };
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
