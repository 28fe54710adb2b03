import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { readableTicketsSql } from './ticket.policy.js';
import { runPrepared } from '../db/prepared.js';

/**
 * Whether the ticket exists and the viewer may read it (even subject-only), in one statement that
 * takes no lock: actions ask it before locking the row, so a stranger never waits on, nor holds, the
 * lock of a ticket that does not exist for them (docs/lifecycle.md, "The runner").
 */
export async function mayReadTicket(em: EntityManager, viewer: Viewer, ticketId: number): Promise<boolean> {
  const readable = readableTicketsSql(viewer);
  const rows = await runPrepared<{ readable: number }[]>(
    em,
    `select 1 as readable from ticket t join department d on d.id = t.department_id where t.id = ? and ${readable.sql}`,
    [ticketId, ...readable.params],
    'generic',
  );
  return rows.length > 0;
}
