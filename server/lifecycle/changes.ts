import type { Ref } from '@mikro-orm/core';
import type { StoredChange } from '../model/ticket-event.entity.js';
import type { Ticket } from '../model/ticket.entity.js';
import { User } from '../model/user.entity.js';
import type { ActionScope } from './action.js';

/** A person's name as it reads now: history keeps it even if they are renamed later (docs/lifecycle.md, "History"). */
export async function nameOf(user: Ref<User> | null): Promise<string | null> {
  return user ? ((await user.load())?.displayName ?? null) : null;
}

/** Gives the ticket to a manager (or to nobody) and says so: manager, before → after. */
export async function setManager(scope: ActionScope, manager: Pick<User, 'id' | 'displayName'> | null): Promise<StoredChange[]> {
  const before = await nameOf(scope.ticket.manager);
  scope.ticket.manager = manager ? scope.tx.getReference(User, manager.id, { wrapped: true }) : null;
  return [{ property: 'manager', before, after: manager?.displayName ?? null }];
}

/** Forgets the recall date of a postponed ticket; says so only when there was one. */
export function clearRecall(ticket: Ticket): StoredChange[] {
  const before = ticket.recallAt;
  ticket.recallAt = null;
  return before ? [{ property: 'recallAt', before: before.toISOString(), after: null }] : [];
}
