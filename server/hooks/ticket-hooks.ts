import type { EntityManager } from '@mikro-orm/postgresql';
import type { TicketEventType } from '../model/ticket.enums.js';
import type { TicketStatus } from '../model/ticket-status.js';

/** What one committed action did: enough for mail and live updates to find the rest. */
export interface TicketChange {
  ticketId: number;
  eventId: string;
  type: TicketEventType;
  actorId: number | null;
  statusBefore: TicketStatus | null;
  statusAfter: TicketStatus;
  departmentId: number;
  /** Staff asked for no email; live updates still go out. */
  silent: boolean;
}

/**
 * The action's transaction as a hook sees it: one statement with `?` placeholders on the action's own
 * connection (`execute`, what the hot actions use), or an EntityManager bound to it, made on first read.
 */
export interface HookTransaction {
  readonly em: EntityManager;
  execute<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
}

/** Work that must commit or roll back with the action (e.g. enqueueing mails in the same transaction). */
export type InTransactionHook = (tx: HookTransaction, change: TicketChange) => Promise<void>;
/** Work that happens only once the action is committed (e.g. live events); it never fails the action. */
export type AfterCommitHook = (change: TicketChange) => void | Promise<void>;

/** A credential that stopped working (`service:<id>`, a revoked service account): what was opened with it closes. */
export type RevokedHook = (credential: string) => void | Promise<void>;

/**
 * The one place where notifications and live updates hang on ticket actions: actions call
 * `inTransaction` before commit and `afterCommit` after it, so side effects never see rolled-back work.
 */
export class TicketHooks {
  private readonly inTx: InTransactionHook[] = [];
  private readonly after: AfterCommitHook[] = [];
  private readonly revocations: RevokedHook[] = [];

  constructor(private readonly onHookError: (error: unknown, change: TicketChange) => void = () => {}) {}

  /** Registers work done inside the action's transaction. */
  onInTransaction(hook: InTransactionHook): void {
    this.inTx.push(hook);
  }

  /** Registers what closes a revoked credential's open work (live/ closes its sockets, on every instance). */
  onRevoked(hook: RevokedHook): void {
    this.revocations.push(hook);
  }

  /** Tells the hooks that a credential was revoked (after the revocation committed); never throws. */
  async revoked(credential: string): Promise<void> {
    for (const hook of this.revocations) await Promise.resolve(hook(credential)).catch(() => undefined);
  }

  /** Registers work done after the action committed. */
  onAfterCommit(hook: AfterCommitHook): void {
    this.after.push(hook);
  }

  /**
   * Runs the in-transaction hooks (an error here rolls the action back). The action's EntityManager
   * is made only when a hook reads `tx.em`: a hook that sends one statement through `tx.execute`
   * costs the hot actions that statement and nothing more.
   */
  async inTransaction(tx: HookTransaction, changes: readonly TicketChange[]): Promise<void> {
    for (const change of changes) for (const hook of this.inTx) await hook(tx, change);
  }

  /** Runs the after-commit hooks; their failures are reported, never thrown at the caller. */
  async afterCommit(changes: readonly TicketChange[]): Promise<void> {
    for (const change of changes) {
      for (const hook of this.after) {
        try {
          await hook(change);
        } catch (error) {
          this.onHookError(error, change);
        }
      }
    }
  }
}
