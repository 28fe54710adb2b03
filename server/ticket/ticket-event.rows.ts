import type { RequestContext } from '../auth/context.js';
import { epochMs } from '../shared/sql.js';
import type { UserRecord } from '../model/user.entity.js';
import { userJsonSql, userRows } from '../user/user.rows.js';
import type { TicketEventRecord } from '../model/ticket-event.entity.js';
import { runPrepared } from '../db/prepared.js';

/** An entry as SQL returns it: its author whole (primed for the request), its instant as epoch milliseconds. */
interface RawEvent extends Omit<TicketEventRecord, 'ticket' | 'at' | 'actor'> {
  ticket_id: number;
  at: number;
  actor: UserRecord | null;
}

/**
 * The history of several tickets, oldest first, in one statement into plain rows (no entity): the
 * view's second most common read. Authors join the request's people, so `actor` answers without a statement.
 */
export async function readHistory(ctx: RequestContext, ticketIds: readonly number[]): Promise<TicketEventRecord[]> {
  const raws = await runPrepared<RawEvent[]>(
    ctx.em,
    `select e.id::text as id, e.ticket_id, e.type, ${epochMs('e.at')} as at, e.status_before as "statusBefore",
       e.status_after as "statusAfter", e.message, e.visibility, e.changes, e.via,
       case when a.id is null then null else ${userJsonSql('a')} end as actor
     from ticket_event e left join app_user a on a.id = e.actor_id
     where e.ticket_id = any(?::int[]) order by e.id`,
    [`{${ticketIds.join(',')}}`],
    'generic',
  );
  const users = userRows(ctx);
  return raws.map(({ ticket_id, at, actor, ...entry }) => {
    if (actor) users.prime(actor.id, actor);
    return { ...entry, ticket: { id: ticket_id }, at: new Date(at), actor };
  });
}
