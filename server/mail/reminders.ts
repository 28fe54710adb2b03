import type { EntityManager } from '@mikro-orm/postgresql';
import { DAY_MS } from '../shared/values.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { enqueueEvent } from './mail.service.js';

/** How many reminders an INCOMPLETE ticket's owner gets: one after the delay, and one more after as long again. */
export const REMINDERS = 2;

// The tickets waiting for their owner, when they began to wait, and how many reminders they had since.
const WAITING = `select t.id, s.since, (select count(*) from ticket_event r where r.ticket_id = t.id and r.type = 'REMINDED' and r.id > s.event_id)::int as reminded
  from ticket t cross join lateral (
    select e.id as event_id, e.at as since from ticket_event e
    where e.ticket_id = t.id and e.status_after = 'INCOMPLETE' and e.status_before is distinct from 'INCOMPLETE'
    order by e.id desc limit 1) s
  where t.status = 'INCOMPLETE'`;

/**
 * The INCOMPLETE reminder (docs/domain.md, "Notifications"): the owner of a ticket that has waited for
 * their answer `days` days is reminded, once more after `2 × days`, never a third time. Each reminder is
 * a REMINDED entry by the application (no actor) and its mail, queued in the same transaction; the
 * ticket is locked and judged again first, so two passes at once remind once. `now` is the pass's clock.
 * `jobs` undefined: this installation sends no mail (the reminder is in the history only).
 */
export async function remindIncomplete(
  em: EntityManager,
  jobs: JobQueue | undefined,
  days: number,
  now: Date = new Date(),
): Promise<number> {
  const due = (clause: string): string =>
    `select id from (${WAITING} ${clause}) w where w.reminded < ${REMINDERS} and w.since + make_interval(days => ? * (w.reminded + 1)) <= ?`;
  const tickets = await em.fork().execute<{ id: number }[]>(`${due('')} order by id limit 500`, [days, now]);
  let reminded = 0;
  for (const { id } of tickets) {
    const done = await em.fork().transactional(async (tem) => {
      await tem.execute('select id from ticket where id = ? for update', [id]);
      const still = (await tem.execute<{ id: number }[]>(due('and t.id = ?'), [id, days, now])).at(0);
      if (!still) return false; // answered, or reminded by another pass meanwhile
      const [entry] = await tem.execute<{ id: string }[]>(
        `insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
         select id, 'REMINDED', ?, null, status, status, null, 'OWNER', '[]', false from ticket where id = ? returning id::text`,
        [now, id],
      );
      if (jobs) await enqueueEvent(jobs, tem, entry.id);
      return true;
    });
    if (done) reminded += 1;
  }
  return reminded;
}

/** The moment a ticket that began waiting at `since` gets its n-th reminder (1-based). */
export function reminderDue(since: Date, days: number, n: number): Date {
  return new Date(since.getTime() + n * days * DAY_MS);
}
