import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { MailConfig } from '../config.js';
import type { JobQueue, NewJob } from '../jobs/job-queue.js';
import { languageOf } from '../shared/languages.js';
import { DAY_MS } from '../shared/values.js';
import { renderDigest } from './digest-message.js';
import { dueDigests, type DigestSlot } from './digest.rows.js';
import { nameUuid, oneLine } from './mail-message.js';
import { addressDomain, SEND_QUEUE, validAddress, type SendJob } from './mail.service.js';

/**
 * The daily digest (ESUP's "rapport quotidien"; docs/api.md, "Manager tools"): at each hour a staff
 * member chose (`DepartmentMember.digestHours`, in the server's time zone: the process's `TZ`), one
 * mail listing, for the departments of the memberships that chose that hour, the queue (FREE tickets),
 * their tickets waiting for them (IN_PROGRESS), their closure requests expiring within a day and their
 * postponed tickets coming back within a day. No mail when every list is empty; Saturdays and Sundays
 * only for memberships with `digestWeekends`.
 *
 * A cron of the job queue runs the pass at minute 0 of every hour, once across instances. The pass reads
 * everyone due in one statement and queues one `mail-send` job per person, its id made of (person, hour):
 * a pass run again in the same hour — a retry, a second instance, a test — queues nothing twice, and
 * the mails go through mail out's worker (retries, failures logged) like every other.
 */

export const DIGEST_QUEUE = 'mail-digest';

const HOUR_MS = 3_600_000;

/** The time zone the hours are read in: the process's (TZ; UTC when unset in a container). */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The hour and weekday of `now` where the hours are read, and what "within a day" means from it. */
export function digestSlot(now: Date, timeZone: string): DigestSlot {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    hour: Number(part('hour')) % 24,
    weekend: part('weekday') === 'Sat' || part('weekday') === 'Sun',
    horizon: new Date(now.getTime() + DAY_MS),
  };
}

/**
 * One pass at `now` (the cron's clock; tests give theirs): queues the digests due in this hour and
 * returns how many. The hour slot is absolute (UTC hours since the epoch), so a local hour met twice
 * when clocks go back gives two digests, and one skipped when they go forward gives none.
 */
export async function sendDigests(
  em: EntityManager,
  jobs: JobQueue,
  config: Pick<MailConfig, 'from' | 'ticketUrlTemplate'>,
  now: Date = new Date(),
  timeZone: string = serverTimeZone(),
): Promise<number> {
  const slotHour = Math.floor(now.getTime() / HOUR_MS);
  const rows = await dueDigests(em.fork(), digestSlot(now, timeZone));
  const domain = addressDomain(config.from);
  const sends: NewJob<SendJob>[] = rows
    .filter((row) => validAddress(row.email?.trim() ?? ''))
    .map((row) => ({
      name: SEND_QUEUE,
      id: nameUuid(`mail-digest:${row.userId}:${slotHour}`),
      data: {
        ticketId: null,
        eventId: null,
        userId: row.userId,
        to: { name: oneLine(row.name, 100), address: row.email!.trim() },
        ...renderDigest(row.lines, config.ticketUrlTemplate, languageOf(row.locale)),
        messageId: `<helpdesk.digest.${row.userId}.${slotHour}@${domain}>`,
        thread: null,
        replyTo: null,
      },
    }));
  await em.fork().transactional((tem) => jobs.insertIn(tem, sends));
  return sends.length;
}

export interface DigestDeps {
  orm: MikroORM;
  jobs: JobQueue;
  config: MailConfig;
  logger: Logger;
}

/** The hourly cron (off: unscheduled, e.g. no SMTP or TIMER_INTERVAL_SECONDS=0) and its worker on this instance. */
export async function startDigests(deps: DigestDeps, on: boolean): Promise<void> {
  const { jobs } = deps;
  // Retries stay within the hour the pass is for: a minute apart, twice.
  await jobs.createQueue(DIGEST_QUEUE, { retryLimit: 2, retryDelaySeconds: 60, retryBackoff: false, expireInSeconds: 600 });
  if (!on) {
    await jobs.boss.unschedule(DIGEST_QUEUE);
    return;
  }
  await jobs.work(DIGEST_QUEUE, async () => {
    const sent = await sendDigests(deps.orm.em, jobs, deps.config);
    if (sent) deps.logger.info({ sent }, 'daily digests queued');
  });
  await jobs.schedule(DIGEST_QUEUE, '0 * * * *');
}
