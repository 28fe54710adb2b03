import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError } from '../errors.js';
import type { Viewer } from '../auth/viewer.js';
import { isSupervisor } from './ticket.policy.js';

/** A category's mailboxes are set up by its department's supervisors and by admins (docs/api.md, "Additions for mail in"). */
export function mayManageMailboxes(viewer: Viewer, departmentId: number): boolean {
  return isSupervisor(viewer, departmentId);
}

/** Refuses anyone but the department's supervisors and admins. */
export function assertMayManageMailboxes(viewer: Viewer, departmentId: number): void {
  if (!mayManageMailboxes(viewer, departmentId))
    throw new ForbiddenError("Only the department's supervisors or administrators may manage its mailboxes");
}

/**
 * A reply matched by its In-Reply-To/References alone carries no proof of its sender (anyone can write a
 * From line): it is taken only from the ticket's owner or an invitee, never as staff — staff answer
 * through their notification's reply token (README, "Mail in").
 */
export async function mayAnswerWithoutToken(em: EntityManager, userId: number, ticketId: number): Promise<boolean> {
  const rows = await em.execute<unknown[]>(
    `select 1 from ticket t where t.id = ? and (t.owner_id = ? or exists (select 1 from invitation i where i.ticket_id = t.id and i.user_id = ?))`,
    [ticketId, userId, userId],
  );
  return rows.length > 0;
}
