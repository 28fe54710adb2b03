/** Domain states a ticket moves through; the single source for the API enum and the lifecycle table. */
export enum TicketStatus {
  FREE = 'FREE',
  IN_PROGRESS = 'IN_PROGRESS',
  INCOMPLETE = 'INCOMPLETE',
  POSTPONED = 'POSTPONED',
  CLOSED = 'CLOSED',
  APPROVED = 'APPROVED',
  CANCELLED = 'CANCELLED',
  REFUSED = 'REFUSED',
  EXPIRED = 'EXPIRED',
}

/** Lists, counts, auto-assignment load and most actions only care whether work is still pending. */
export const OPEN_STATUSES: readonly TicketStatus[] = Object.freeze([
  TicketStatus.FREE,
  TicketStatus.IN_PROGRESS,
  TicketStatus.INCOMPLETE,
  TicketStatus.POSTPONED,
]);

/** Lets callers ask "is work still pending?" without repeating the list of open statuses. */
export function isOpen(s: TicketStatus): boolean {
  return OPEN_STATUSES.includes(s);
}

/** Public actions a person may attempt, in docs/api.md's order ("Statuses, actions and entries") (also the order of `allowedActions`). */
export enum TicketAction {
  TAKE = 'TAKE',
  ASSIGN = 'ASSIGN',
  FREE = 'FREE',
  REQUEST_INFORMATION = 'REQUEST_INFORMATION',
  ADD_COMMENT = 'ADD_COMMENT',
  POSTPONE = 'POSTPONE',
  RECALL = 'RECALL',
  REQUEST_CLOSURE = 'REQUEST_CLOSURE',
  CLOSE = 'CLOSE',
  APPROVE_CLOSURE = 'APPROVE_CLOSURE',
  REFUSE_CLOSURE = 'REFUSE_CLOSURE',
  CANCEL = 'CANCEL',
  REFUSE = 'REFUSE',
  REOPEN = 'REOPEN',
  MOVE = 'MOVE',
  INVITE = 'INVITE',
  REMOVE_INVITATION = 'REMOVE_INVITATION',
  WATCH = 'WATCH',
  UNWATCH = 'UNWATCH',
  UPDATE = 'UPDATE',
  ATTACH_FILES = 'ATTACH_FILES',
  CHANGE_OWNER = 'CHANGE_OWNER',
}

/** Actions only the timer performs, kept out of TicketAction so the API never offers them. */
export enum SchedulerAction {
  EXPIRE = 'EXPIRE',
}

/** Everything that can move a ticket, so one table covers people and the scheduler alike. */
export type LifecycleAction = TicketAction | SchedulerAction;

/** How an actor stands toward one ticket; an actor usually holds several (a supervisor is also a MEMBER). */
export enum Relation {
  OWNER = 'OWNER',
  INVITEE = 'INVITEE',
  TICKET_MANAGER = 'TICKET_MANAGER',
  MEMBER = 'MEMBER',
  SUPERVISOR = 'SUPERVISOR',
  ADMIN = 'ADMIN',
  STRANGER = 'STRANGER',
  SCHEDULER = 'SCHEDULER',
}

/** Facts outside the status that some rules need, supplied by the caller so this module stays pure. */
export interface TransitionContext {
  /** TAKE: someone already manages the ticket, so only a supervisor may take it over. */
  hasManager?: boolean;
  /** WATCH / UNWATCH: the actor's current watch state decides which of the two makes sense. */
  watching?: boolean;
  /** REOPEN by the owner: only allowed within the department's reopen window after the end. */
  withinReopenWindow?: boolean;
  /** REOPEN result: IN_PROGRESS if the last ticket manager is still a member, else FREE. */
  lastManagerStillMember?: boolean;
  /** MOVE result: FREE when the ticket manager is not a member of the target department. */
  managerFreedByMove?: boolean;
}

/** Outcome of an attempt; the refusal kind picks FORBIDDEN (RELATION) or INVALID_TRANSITION (STATUS). */
export type Transition = { ok: true; to: TicketStatus } | { ok: false; refusal: 'RELATION' | 'STATUS' };

const { FREE, IN_PROGRESS, INCOMPLETE, POSTPONED, CLOSED, APPROVED, CANCELLED, REFUSED, EXPIRED } = TicketStatus;
const { OWNER: O, INVITEE: I, TICKET_MANAGER: TM, MEMBER: M, SUPERVISOR: S } = Relation;
const { STRANGER, SCHEDULER } = Relation;
const OPEN = OPEN_STATUSES;
const ANY: readonly TicketStatus[] = Object.values(TicketStatus);
const ENDED: readonly TicketStatus[] = [APPROVED, CANCELLED, REFUSED, EXPIRED];
const READERS = [O, I, TM, M, S, STRANGER];
const NOBODY: ReadonlySet<Relation> = new Set();

type Actor = ReadonlySet<Relation>;

/** Who may act and from which statuses; several grants give one relation wider rights than another. */
interface Grant {
  readonly by: readonly Relation[];
  readonly from: readonly TicketStatus[];
}

interface Rule {
  readonly grants: readonly Grant[];
  /** Resulting status; absent means unchanged. */
  readonly to?: TicketStatus | ((from: TicketStatus, actor: Actor, ctx: TransitionContext) => TicketStatus);
  /** Narrows the actor by a context rule about them; what it removes is refused as RELATION. */
  readonly actor?: (actor: Actor, ctx: TransitionContext, from: TicketStatus) => Actor;
  /** A precondition besides the status; failing it is refused as STATUS. */
  readonly when?: (ctx: TransitionContext) => boolean;
}

const RULES: Record<LifecycleAction, Rule> = {
  TAKE: {
    grants: [{ by: [M], from: [FREE, IN_PROGRESS] }],
    to: IN_PROGRESS,
    actor: (a, ctx) => (a.has(TM) || (ctx.hasManager && !a.has(S)) ? NOBODY : a),
  },
  ASSIGN: { grants: [{ by: [S], from: [FREE, IN_PROGRESS] }], to: IN_PROGRESS },
  FREE: { grants: [{ by: [TM, S], from: [IN_PROGRESS] }], to: FREE },
  REQUEST_INFORMATION: { grants: [{ by: [TM], from: [IN_PROGRESS, POSTPONED] }], to: INCOMPLETE },
  ADD_COMMENT: {
    grants: [{ by: [O, I, M], from: OPEN }],
    to: (from, a) => (from === INCOMPLETE && (a.has(O) || a.has(I)) ? IN_PROGRESS : from),
  },
  POSTPONE: { grants: [{ by: [TM], from: [IN_PROGRESS, INCOMPLETE] }], to: POSTPONED },
  RECALL: { grants: [{ by: [TM, SCHEDULER], from: [POSTPONED] }], to: IN_PROGRESS },
  REQUEST_CLOSURE: {
    grants: [{ by: [TM], from: [IN_PROGRESS, INCOMPLETE, POSTPONED] }],
    to: CLOSED,
  },
  CLOSE: { grants: [{ by: [O], from: OPEN }], to: APPROVED },
  APPROVE_CLOSURE: { grants: [{ by: [O], from: [CLOSED] }], to: APPROVED },
  REFUSE_CLOSURE: { grants: [{ by: [O], from: [CLOSED] }], to: IN_PROGRESS },
  EXPIRE: { grants: [{ by: [SCHEDULER], from: [CLOSED] }], to: EXPIRED },
  CANCEL: { grants: [{ by: [O], from: OPEN }], to: CANCELLED },
  REFUSE: { grants: [{ by: [TM, S], from: OPEN }], to: REFUSED },
  REOPEN: {
    grants: [{ by: [O, S], from: ENDED }],
    to: (_from, _a, ctx) => (ctx.lastManagerStillMember ? IN_PROGRESS : FREE),
    // The window only matters once the ticket has ended; before that the status is what refuses.
    actor: (a, ctx, from) => (ctx.withinReopenWindow || !ENDED.includes(from) ? a : new Set([...a].filter((r) => r !== O))),
  },
  MOVE: {
    grants: [{ by: [M], from: OPEN }],
    to: (from, _a, ctx) => (ctx.managerFreedByMove ? FREE : from),
  },
  INVITE: { grants: [{ by: [O, M], from: ANY }] },
  REMOVE_INVITATION: { grants: [{ by: [O, M, S], from: ANY }] },
  WATCH: { grants: [{ by: READERS, from: ANY }], when: (ctx) => !ctx.watching },
  UNWATCH: { grants: [{ by: READERS, from: ANY }], when: (ctx) => ctx.watching === true },
  UPDATE: {
    grants: [
      { by: [TM, S], from: ANY },
      { by: [O], from: OPEN },
    ],
  },
  ATTACH_FILES: { grants: [{ by: [O, I, M], from: OPEN }] },
  CHANGE_OWNER: { grants: [{ by: [TM, S], from: OPEN }] },
};

/** Decides one attempt from the table, so every layer (API, scheduler, policy) applies the same rules. */
export function transition(
  from: TicketStatus,
  action: LifecycleAction,
  relations: ReadonlySet<Relation>,
  ctx: TransitionContext = {},
): Transition {
  const rule = RULES[action];
  // An admin holds every power of a supervisor.
  const given = relations.has(Relation.ADMIN) ? new Set([...relations, S]) : relations;
  const actor = rule.actor ? rule.actor(given, ctx, from) : given;
  const mine = rule.grants.filter((g) => g.by.some((r) => actor.has(r)));
  if (mine.length === 0) return { ok: false, refusal: 'RELATION' };
  if (!mine.some((g) => g.from.includes(from)) || (rule.when && !rule.when(ctx))) {
    return { ok: false, refusal: 'STATUS' };
  }
  const to = typeof rule.to === 'function' ? rule.to(from, actor, ctx) : (rule.to ?? from);
  return { ok: true, to };
}

/** Feeds Ticket.allowedActions so no client re-implements the rules; scheduler actions are never offered. */
export function allowedActions(from: TicketStatus, relations: ReadonlySet<Relation>, ctx: TransitionContext = {}): TicketAction[] {
  return Object.values(TicketAction).filter((a) => transition(from, a, relations, ctx).ok);
}
