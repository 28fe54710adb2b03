import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ConflictError } from '../errors.js';
import type { TicketHooks } from '../hooks/ticket-hooks.js';
import { DAY_MS } from '../shared/values.js';
import { TicketEventType } from '../model/ticket.enums.js';
import { SchedulerAction, TicketStatus } from '../model/ticket-status.js';
import type { ActionArgs, ActionDeclaration } from './action.js';
import { recall } from './status.actions.js';
import { runAction, type SchedulerSite } from './runner.js';

/** What one pass of the timers did. */
export interface TimerPass {
  recalled: number;
  expired: number;
}

/** The scheduler's arguments: the ticket, and the time the pass judges "due" by. */
interface DueArgs extends ActionArgs {
  now: Date;
}

/** The recall date came: the same declaration as a manager's recall, checked again under the lock. */
const recallWhenDue: ActionDeclaration<DueArgs> = {
  ...recall,
  // Postponed again meanwhile means not due any more: their action stands.
  check: ({ ticket }, { now }) => {
    if (ticket.recallAt === null || ticket.recallAt > now) throw new ConflictError('No longer due');
  },
};

/** The owner did not dispute the closure within the department's delay: it expires. */
const expire: ActionDeclaration<DueArgs> = {
  action: SchedulerAction.EXPIRE,
  entry: TicketEventType.EXPIRED,
  message: 'none',
  check: ({ ticket, department }, { now }) => {
    const requested = ticket.closureRequestedAt;
    if (requested === null || requested.getTime() + department.expireDays * DAY_MS > now.getTime()) {
      throw new ConflictError('No longer due');
    }
  },
};

/**
 * The scheduler's actions (docs/lifecycle.md, "Timers"): postponed tickets come back at their recall
 * date, and closures not disputed within the department's delay expire. Each goes through the runner
 * and the transition table like a person's action; one changed meanwhile is judged again and skipped.
 */
export async function runDueTimers(em: EntityManager, hooks: TicketHooks, now = new Date()): Promise<TimerPass> {
  const site: SchedulerSite = { em: em.fork(), hooks, viewer: 'SCHEDULER' };
  const due = await em.fork().execute<{ id: number; status: TicketStatus }[]>(
    `select t.id, t.status from ticket t join department d on d.id = t.department_id
     where (t.status = 'POSTPONED' and t.recall_at <= ?)
        or (t.status = 'CLOSED' and t.closure_requested_at + make_interval(days => d.expire_days) <= ?)
     order by t.id limit 500`,
    [now, now],
  );
  const pass: TimerPass = { recalled: 0, expired: 0 };
  for (const { id, status } of due) {
    const recalling = status === TicketStatus.POSTPONED;
    try {
      await runAction(site, recalling ? recallWhenDue : expire, { ticketId: id, now });
      pass[recalling ? 'recalled' : 'expired'] += 1;
    } catch (error) {
      // Someone acted on it between our query and the lock: their action stands.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return pass;
}
