import type { EntityManager, EventSubscriber, FlushEventArgs } from '@mikro-orm/postgresql';
import { DepartmentMember } from '../model/department-member.entity.js';
import { User } from '../model/user.entity.js';
import type { KnownUser } from './sign-in.js';
import type { Viewer } from './viewer.js';

/** How many signed-in viewers one instance remembers. */
const MAX_ENTRIES = 10_000;
/** How long a remembered viewer serves: a membership changed on another instance shows within this. */
export const VIEWER_TTL_MS = 15_000;

interface Entry {
  userId: number;
  known: KnownUser;
  isAdmin: boolean;
  expiresAtMs: number;
}

/**
 * The signed-in viewer of a token, remembered for a few seconds (never past the token's own expiry)
 * so a known user's request signs in without a statement. Only the row is kept: each request maps it
 * into its own EntityManager, so no entity is ever shared between requests. Changes made on this
 * instance forget the viewers they touch at once (`forgetUsers`, and every flush of a user or a
 * membership, see `subscriber`); changes made elsewhere show within VIEWER_TTL_MS.
 */
export class ViewerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly tokensOf = new Map<number, Set<string>>();

  constructor(
    private readonly ttlMs = VIEWER_TTL_MS,
    private readonly maxEntries = MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The viewer of `token`, when remembered and still fresh. Its user entity is mapped into the
   * request's EntityManager when first read (many requests never read it, nor need an EntityManager).
   */
  viewer(token: string, em: () => EntityManager): Viewer | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.drop(token, entry.userId);
      return undefined;
    }
    const { known, isAdmin, userId } = entry;
    let user: User | undefined;
    return {
      get user() {
        return (user ??= em().map(User, { ...known.columns }));
      },
      userId,
      isAdmin,
      memberships: known.memberships,
    };
  }

  /** Remembers the known user of a token (signed in just now) until `tokenExpiresAtMs` at the latest. */
  remember(token: string, known: KnownUser, isAdmin: boolean, tokenExpiresAtMs: number): void {
    const userId = Number(known.columns.id);
    const old = this.entries.get(token);
    if (old) this.drop(token, old.userId);
    if (this.entries.size >= this.maxEntries) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.drop(oldest, entry.userId);
    }
    this.entries.set(token, { userId, known, isAdmin, expiresAtMs: Math.min(this.now() + this.ttlMs, tokenExpiresAtMs) });
    let tokens = this.tokensOf.get(userId);
    if (!tokens) this.tokensOf.set(userId, (tokens = new Set()));
    tokens.add(token);
  }

  /** Forgets every remembered viewer of these users (their row or memberships changed). */
  forgetUsers(userIds: Iterable<number>): void {
    for (const userId of userIds) {
      for (const token of this.tokensOf.get(userId) ?? []) this.entries.delete(token);
      this.tokensOf.delete(userId);
    }
  }

  /** Remembered viewers (tests). */
  get size(): number {
    return this.entries.size;
  }

  /** An ORM subscriber that forgets the users whose row or memberships a flush of this instance changed. */
  subscriber(): EventSubscriber {
    return {
      afterFlush: ({ uow }: FlushEventArgs) => {
        const changed = new Set<number>();
        for (const change of uow.getChangeSets()) {
          if (change.entity instanceof User) changed.add(change.entity.id);
          else if (change.entity instanceof DepartmentMember) changed.add(change.entity.user.id);
        }
        if (changed.size > 0) this.forgetUsers(changed);
      },
    };
  }

  private drop(token: string, userId: number): void {
    this.entries.delete(token);
    const tokens = this.tokensOf.get(userId);
    tokens?.delete(token);
    if (tokens?.size === 0) this.tokensOf.delete(userId);
  }
}
