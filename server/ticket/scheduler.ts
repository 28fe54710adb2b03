import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ConflictError } from '../errors.js';

import { DAY_MS } from '../shared/values.js';
import { runAction, type ActionDeps } from './ticket-actions.js';
import { TicketEventType } from './ticket.enums.js';
import type { TicketEvents } from '../events/ticket-events.js';
import { SchedulerAction, TicketAction, TicketStatus } from './ticket-status.js';

/** What one pass of the timers did. */
export interface TimerPass {
  recalled: number;
  expired: number;
}

/**
 * The scheduler's actions: postponed tickets come back at their recall date, and closures not
 * disputed within the department's delay expire. Each goes through the transition table like a
 * person's action; one changed meanwhile is judged again on its new status and skipped.
 */
export async function runDueTimers(em: EntityManager, events: TicketEvents, now = new Date()): Promise<TimerPass> {
  const deps: ActionDeps = { em: em.fork(), events };
  const due = await em.fork().execute<{ id: number; status: TicketStatus }[]>(
    `select t.id, t.status from ticket t join department d on d.id = t.department_id
     where (t.status = 'POSTPONED' and t.recall_at <= ?)
        or (t.status = 'CLOSED' and t.closure_requested_at + make_interval(days => d.expire_days) <= ?)
     order by t.id limit 500`,
    [now, now],
  );
  const pass: TimerPass = { recalled: 0, expired: 0 };
  for (const { id, status } of due) {
    const recall = status === TicketStatus.POSTPONED;
    try {
      await runAction(deps, 'SCHEDULER', id, {
        action: recall ? TicketAction.RECALL : SchedulerAction.EXPIRE,
        apply: ({ ticket, department }) => {
          // Judged again under the lock: postponed again, or closure requested anew, means not due any more.
          const due = recall
            ? ticket.recallAt !== null && ticket.recallAt <= now
            : ticket.closureRequestedAt !== null && ticket.closureRequestedAt.getTime() + department.expireDays * DAY_MS <= now.getTime();
          if (!due) throw new ConflictError('No longer due');
          if (recall) ticket.recallAt = null;
          return { type: recall ? TicketEventType.RECALLED : TicketEventType.EXPIRED };
        },
      });
      pass[recall ? 'recalled' : 'expired'] += 1;
    } catch (error) {
      // Someone acted on it between our query and the lock: their action stands.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return pass;
}
