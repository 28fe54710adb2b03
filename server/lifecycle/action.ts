import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import type { IncomingFile } from '../files/incoming-file.js';
import type { WriteBudgetName } from '../limits/write-budgets.js';
import type { LockedFacts, TicketAccess } from '../policies/ticket-access.js';
import type { StoredChange } from '../model/ticket-event.entity.js';
import type { Ticket } from '../model/ticket.entity.js';
import type { EntryVisibility, TicketEventType } from '../model/ticket.enums.js';
import type { LifecycleAction, TicketStatus, TransitionContext } from '../model/ticket-status.js';

/** Whether an action's entry carries a message: required (a reason, a question, an answer), optional, or none. */
export type MessageRule = 'required' | 'optional' | 'none';

/** The arguments every action may carry besides its own (docs/lifecycle.md, "Declarations"). */
export interface EntryArgs {
  message?: string | null;
  /** Staff only beyond EVERYONE and PARTICIPANTS: who may read the entry. */
  visibility?: EntryVisibility | null;
  /** Files that come with the entry (checked at intake, attached in the action's transaction; docs/lifecycle.md). */
  attachments?: readonly IncomingFile[] | null;
}

/** The arguments of an action on an existing ticket: which ticket, and the entry options. */
export interface ActionArgs extends EntryArgs {
  ticketId: string | number;
}

/** Who acts: a signed-in person, or the scheduler (recall and expiry timers). */
export type Actor = Viewer | 'SCHEDULER';

/** What an action's steps know once the ticket is locked (or filed) and the action judged. */
export interface ActionScope {
  /** An EntityManager inside the action's transaction, made when a step first reads it (the hot actions never do). */
  tx: EntityManager;
  ticket: Ticket;
  access: TicketAccess;
  department: LockedFacts['department'];
  actor: Actor;
  /** The acting user; null for the scheduler. */
  actorId: number | null;
  /** Null when the action files the ticket. */
  from: TicketStatus | null;
  /** The status the table leads to (final once `outcome` has been applied). */
  to: TicketStatus;
}

/** A change the system makes on its own right after an action (auto-assignment), written as its own entry by nobody. */
export interface SystemStep {
  type: TicketEventType;
  to: TicketStatus;
  changes: StoredChange[];
}

/**
 * The steps every declaration fills once its ticket is in hand; R is what its argument checks found (a user, a category…).
 * The steps are written as methods so that one list can hold declarations of different arguments (the
 * generated mutations, `lifecycle.resolver.ts`): TypeScript compares method parameters both ways.
 */
export interface ActionSteps<A, R> {
  /** The entry's type, how it is picked from the outcome (a comment that answers a question is INFORMATION_GIVEN), or null for none (watching is private to the watcher). */
  entry: TicketEventType | ((from: TicketStatus | null, to: TicketStatus) => TicketEventType) | null;
  message: MessageRule;
  /** The person's write budget it takes (README, "Limits"): filing, or a message on the ticket; none when absent. */
  budget?: WriteBudgetName;
  /** What it changes besides the status; returns each property changed, before → after. */
  change?(scope: ActionScope, checked: R, args: A): Promise<StoredChange[]> | StoredChange[];
  /** The entry's visibility when the action decides it (default: the caller's choice, else PARTICIPANTS). */
  visibility?(changes: readonly StoredChange[], checked: R): EntryVisibility | undefined;
  /** A system follow-up in the same transaction (auto-assignment after filing or moving). */
  followUp?(scope: ActionScope, checked: R): Promise<SystemStep | null>;
}

/**
 * How people ask for an action: the mutation generated from its declaration (`lifecycle.resolver.ts`),
 * whose arguments follow from it — `message: String!` when the message is required, `String` when
 * optional, none otherwise; `silent` when staff may do it without mail. The portlet's forms are
 * generated from the same schema (docs/lifecycle.md, "Adding an action").
 */
export interface ActionApi {
  /** The mutation's name (docs/api.md, "The fixed names": fixed once published). */
  mutation: string;
  /** The mutation's description in the schema. */
  description?: string;
  /** Staff may record it without sending mail (`silent: Boolean`): the staff actions that notify. */
  silent?: boolean;
}

/**
 * One action on an existing ticket, declared: the table row that judges it, its entry and message
 * rule, its argument checks, what decides its outcome, what it changes. The runner executes it.
 */
export interface ActionDeclaration<A extends ActionArgs, R = void> extends ActionSteps<A, R> {
  action: LifecycleAction;
  /** Its mutation, for the actions people ask for through the API (not the scheduler's, not the files' own resolver). */
  api?: ActionApi;
  /** Checks the arguments against the locked, judged ticket and finds what they name (BAD_USER_INPUT, NOT_FOUND…). */
  check?(scope: ActionScope, args: A): Promise<R> | R;
  /** Facts that decide the resulting status in the table, once the arguments are checked (e.g. the move's target). */
  outcome?(scope: ActionScope, checked: R): Promise<TransitionContext> | TransitionContext;
}

/** Filing a ticket, declared like the other actions: its checks find the category and owner, `file` creates the row. */
export interface FilingDeclaration<A extends EntryArgs, R> extends ActionSteps<A, R> {
  check: (tx: EntityManager, viewer: Viewer, args: A) => Promise<R>;
  /** Creates the ticket row (FREE, the table's starting point) from the checked arguments. */
  file: (tx: EntityManager, viewer: Viewer, checked: R) => Promise<Ticket>;
  /** The ticket this caller already filed for the same request (a retry), answered instead of filing twice. */
  earlier?: (em: EntityManager, viewer: Viewer, args: A) => Promise<Ticket | null>;
}

/** The person acting, for steps that only people reach (the table never lets the scheduler take or invite). */
export function personOf(scope: ActionScope): Viewer {
  if (scope.actor === 'SCHEDULER') throw new Error('This step is for people only: the transition table should have refused the scheduler');
  return scope.actor;
}
