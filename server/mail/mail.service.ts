import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { MailConfig } from '../config.js';
import type { HookTransaction, TicketHooks } from '../hooks/ticket-hooks.js';
import { PermanentJobError, type Job, type JobQueue, type NewJob } from '../jobs/job-queue.js';
import type { MemberRole } from '../model/catalogue.enums.js';
import {
  MAILED_TYPES,
  candidateIds,
  judgeRecipients,
  type Candidate,
  type EventFacts,
  type Recipient,
  type TicketCircle,
} from './mail-recipients.js';
import { escapeHtml, messageId, nameUuid, oneLine, plainText, renderMail, threadId } from './mail-message.js';
import { issueReplyToken } from './reply-token.js';
import type { AlertPreference } from '../model/catalogue.enums.js';
import { TicketEventType } from '../model/ticket.enums.js';

/**
 * Mail out, never lost and never blocking (docs/domain.md, "Notifications"; README, "Mail"):
 *
 * 1. In the action's transaction, one INSERT: a job `mail-event` naming the history entry (none for a
 *    silent action, nor for an entry type that mails nobody). A rollback leaves no job; a commit
 *    always leaves one.
 * 2. A worker fans it out: reads the entry and its ticket, judges the recipients (mail-recipients.ts),
 *    writes each one's mail in their language, and inserts one `mail-send` job per recipient with a
 *    job id and a Message-ID made from (entry, recipient): a fan-out run twice inserts nothing twice.
 *    A recipient without a usable address is skipped and recorded.
 * 3. A worker sends each through nodemailer over SMTP_URL. A temporary failure (4xx, no connection)
 *    is retried with backoff (MAIL_RETRY_DELAY_SECONDS doubled each time, MAIL_RETRY_LIMIT times:
 *    more than a day by default) with the same Message-ID; a permanent one (5xx) is not retried.
 *    A mail given up is recorded: a `mail_failure` row (the admins' `mailFailures` query) and a
 *    MAIL_FAILED entry in the ticket's history, for its staff.
 * A worker that dies mid-send leaves its job active; after MAIL_SEND_TIMEOUT_SECONDS the queue takes
 * it as lost and another worker sends it again (the only mail that may arrive twice, with the same
 * Message-ID). Any number of instances run both workers.
 */

export const EVENT_QUEUE = 'mail-event';
export const SEND_QUEUE = 'mail-send';

/** What the fan-out job carries: the history entry. */
interface EventJob {
  eventId: string;
}

/** One mail, written, waiting for SMTP. */
export interface SendJob {
  /** The ticket it is about; null for a mail about none (the daily digest, a refusal of mail in). */
  ticketId: number | null;
  /** The history entry it tells of; null when it tells of none. */
  eventId: string | null;
  userId: number | null;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The Message-ID it answers (a ticket's thread, a mail in); null: it starts a thread of its own. */
  thread: string | null;
  replyTo: string | null;
}

export interface MailDeps {
  orm: MikroORM;
  jobs: JobQueue;
  hooks: TicketHooks;
  config: MailConfig;
  logger: Logger;
  /** The SMTP server's URL (SMTP_URL, or the dev catcher's). */
  smtpUrl: string;
}

/** Mail out as running: the transport (closed on stop). */
export interface MailOut {
  stop(): Promise<void>;
}

/** Creates the queues, hangs the enqueueing on the hooks, and starts both workers on this instance. */
export async function startMail(deps: MailDeps): Promise<MailOut> {
  const { jobs, config } = deps;
  await jobs.createQueue(EVENT_QUEUE, { retryLimit: config.retryLimit, retryDelaySeconds: config.retryDelaySeconds, retryBackoff: true });
  await jobs.createQueue(SEND_QUEUE, {
    retryLimit: config.retryLimit,
    retryDelaySeconds: config.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: config.sendTimeoutSeconds,
  });
  deps.hooks.onInTransaction((tx, change) =>
    change.silent || !MAILED_TYPES.has(change.type) ? Promise.resolve() : enqueueEvent(jobs, tx, change.eventId),
  );
  const transport = nodemailer.createTransport(deps.smtpUrl);
  await jobs.work<EventJob>(EVENT_QUEUE, (job) => fanOut(deps, job.data.eventId));
  if (config.sendConcurrency > 0)
    await jobs.work<SendJob>(SEND_QUEUE, (job) => send(deps, transport, job), { concurrency: config.sendConcurrency });
  return {
    stop: async () => {
      transport.close();
      return Promise.resolve();
    },
  };
}

/** One statement in the caller's transaction: the mail work of one history entry (idempotent per entry). */
export async function enqueueEvent(jobs: JobQueue, tx: HookTransaction | EntityManager, eventId: string): Promise<void> {
  await jobs.sendIn(tx, EVENT_QUEUE, { eventId } satisfies EventJob, { id: nameUuid(`mail-event:${eventId}`) });
}

const EVENT_SQL = `select e.id::text as "eventId", e.type, e.message, e.visibility, e.actor_id as "actorId", a.display_name as "actorName",
  t.id as "ticketId", t.subject, t.status, t.owner_id as "ownerId", t.creator_id as "creatorId", t.manager_id as "managerId",
  t.department_id as "departmentId", t.category_id as "categoryId", t.visibility as "ticketVisibility", d.confidential,
  coalesce(c.alert_email, d.alert_email) as "alertEmail"
  from ticket_event e join ticket t on t.id = e.ticket_id join department d on d.id = t.department_id
  join category c on c.id = t.category_id left join app_user a on a.id = e.actor_id where e.id = ?`;

/** The fan-out: the entry's recipients, each one's mail, one send job each (and the unreachable recorded). */
export async function fanOut(deps: MailDeps, eventId: string): Promise<void> {
  const em = deps.orm.em.fork();
  const facts = (await em.execute<EventFacts[]>(EVENT_SQL, [eventId])).at(0);
  if (!facts) return; // the ticket is gone (a person forgotten): nothing to say
  const circle = await readCircle(em, facts);
  const ids = [...candidateIds(facts, circle)];
  const candidates = await readCandidates(em, ids);
  const recipients = judgeRecipients(em, facts, circle, candidates);
  const files = (
    await em.execute<{ filename: string }[]>('select filename from attachment where event_id = ? and deleted_at is null order by id', [
      eventId,
    ])
  ).map((f) => f.filename);
  const domain = addressDomain(deps.config.from);
  const sends: NewJob<SendJob>[] = [];
  const unreachable: { recipient: Recipient; messageId: string }[] = [];
  for (const recipient of recipients) {
    const key = recipient.userId !== null ? `user:${recipient.userId}` : `address:${recipient.address ?? ''}`;
    const id = messageId(eventId, key, domain);
    const address = recipient.address?.trim() ?? '';
    if (!validAddress(address)) {
      unreachable.push({ recipient, messageId: id });
      continue;
    }
    const replyTo =
      deps.config.replyAddress && recipient.userId !== null
        ? withToken(deps.config.replyAddress, issueReplyToken(deps.config.tokenSecret, facts.ticketId, recipient.userId))
        : null;
    const mail = renderMail(
      {
        ticketId: facts.ticketId,
        ticketSubject: facts.subject,
        status: facts.status,
        type: facts.type,
        actorName: facts.actorName,
        message: facts.message ? plainText(facts.message) : null,
        files,
        receipt: facts.type === TicketEventType.CREATED && recipient.userId === facts.ownerId,
      },
      { ticketUrlTemplate: deps.config.ticketUrlTemplate, replyTo: replyTo ?? undefined },
      recipient.lang,
    );
    sends.push({
      name: SEND_QUEUE,
      id: nameUuid(`mail-send:${eventId}:${key}`),
      data: {
        ticketId: facts.ticketId,
        eventId,
        userId: recipient.userId,
        to: { name: oneLine(recipient.name, 100), address },
        ...mail,
        messageId: id,
        thread: threadId(facts.ticketId, domain),
        replyTo,
      },
    });
  }
  await em.transactional(async (tem) => {
    await deps.jobs.insertIn(tem, sends);
    for (const { recipient, messageId: id } of unreachable) {
      const reason = recipient.address ? 'invalid address' : 'no address';
      await recordFailure(tem, {
        ticketId: facts.ticketId,
        eventId,
        userId: recipient.userId,
        address: recipient.address,
        messageId: id,
        reason,
        name: recipient.name,
      });
    }
  });
}

async function readCircle(em: EntityManager, facts: EventFacts): Promise<TicketCircle> {
  const [invitations, watchers, members] = await Promise.all([
    em.execute<{ userId: number; invitedById: number }[]>(
      'select user_id as "userId", invited_by_id as "invitedById" from invitation where ticket_id = ? order by id',
      [facts.ticketId],
    ),
    em.execute<{ userId: number }[]>('select user_id as "userId" from watcher where ticket_id = ?', [facts.ticketId]),
    em.execute<{ userId: number; alert: AlertPreference; categoryIds: number[] }[]>(
      `select m.user_id as "userId", m.alert, array(select mc.category_id from department_member_categories mc
        where mc.department_member_id = m.id) as "categoryIds" from department_member m where m.department_id = ?`,
      [facts.departmentId],
    ),
  ]);
  return {
    invitations,
    watcherIds: watchers.map((w) => w.userId),
    members,
    newestInviteeId: invitations.at(-1)?.userId ?? null,
  };
}

async function readCandidates(em: EntityManager, ids: number[]): Promise<Candidate[]> {
  if (ids.length === 0) return [];
  const idList = `{${ids.join(',')}}`;
  const rows = await em.execute<(Omit<Candidate, 'memberships'> & { roles: [number, MemberRole][] | null })[]>(
    `select u.id, u.display_name as "displayName", u.email, u.locale, u.is_admin as "isAdmin", u.muted_events as "mutedEvents",
      (select json_agg(json_build_array(m.department_id, m.role)) from department_member m where m.user_id = u.id) as roles
      from app_user u where u.id = any(?::int[]) order by u.id`,
    [idList],
  );
  return rows.map(({ roles, ...user }) => ({ ...user, memberships: new Map(roles ?? []) }));
}

/** Sends one mail; a 5xx ends it, anything else is retried, the last failure is recorded. */
async function send(deps: MailDeps, transport: Transporter, job: Job<SendJob>): Promise<void> {
  const mail = job.data;
  try {
    await transport.sendMail({
      from: deps.config.from,
      to: { name: mail.to.name, address: mail.to.address },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      inReplyTo: mail.thread ?? undefined,
      references: mail.thread ? [mail.thread] : undefined,
      replyTo: mail.replyTo ?? undefined,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    const code = (error as { responseCode?: unknown }).responseCode;
    const permanent = typeof code === 'number' && code >= 500 && code < 600;
    const reason = oneLine(error instanceof Error ? error.message : String(error), 500);
    if (permanent || job.retryCount >= job.retryLimit) {
      const ticketId = mail.ticketId;
      // Recorded for the admins (`mailFailures`) whatever it was about; only a ticket's mail has a history to write in.
      await deps.orm.em.fork().transactional((em) =>
        recordFailure(em, {
          ...mail,
          ticketId,
          address: mail.to.address,
          name: mail.to.name,
          reason: permanent ? reason : `gave up: ${reason}`,
        }),
      );
      deps.logger.warn({ ticketId, messageId: mail.messageId, code }, 'mail not delivered');
    }
    if (permanent) throw new PermanentJobError(reason);
    throw error;
  }
}

interface Failure {
  ticketId: number | null;
  eventId: string | null;
  userId: number | null;
  address: string | null;
  name: string;
  messageId: string;
  reason: string;
}

/**
 * A mail given up: a row for the admins (once per Message-ID) and, when it was about a ticket, an entry
 * in the ticket's history for its staff.
 */
export async function recordFailure(em: EntityManager, f: Failure): Promise<void> {
  const who = [f.name && oneLine(f.name, 100), f.address && `<${oneLine(f.address, 320)}>`].filter(Boolean).join(' ') || '—';
  await em.execute(
    `with f as (insert into mail_failure (ticket_id, event_id, user_id, address, message_id, reason) values (?, ?, ?, ?, ?, ?)
       on conflict (message_id) do nothing returning ticket_id)
     insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
     select t.id, 'MAIL_FAILED', now(), null, t.status, t.status, ?, 'STAFF', '[]', true from ticket t join f on f.ticket_id = t.id`,
    [
      // Jobs queued before mail failures could be about no ticket said so with 0 and a made-up entry id.
      f.ticketId || null,
      f.eventId !== null && /^\d{1,19}$/.test(f.eventId) ? f.eventId : null,
      f.userId,
      f.address ? f.address.slice(0, 320) : null,
      f.messageId,
      f.reason.slice(0, 1000),
      `<p>${escapeHtml(who)} : ${escapeHtml(f.reason.slice(0, 1000))}</p>`,
    ],
  );
}

const ADDRESS = /^[^\s@<>"(),;:\\[\]]+@[^\s@<>"(),;:\\[\]]+\.[^\s@<>"(),;:\\[\]]+$/;

/** A plain address nodemailer sends to as given: one recipient, one line. */
export function validAddress(address: string): boolean {
  return address.length <= 320 && ADDRESS.test(address);
}

/** The domain of our Message-IDs: MAIL_FROM's (mail in knows its own mails coming back by it). */
export function addressDomain(from: string): string {
  const address = /<([^>]*)>\s*$/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'localhost';
}

function withToken(replyAddress: string, token: string): string {
  const [local, domain] = replyAddress.split('@');
  return `${local}+${token}@${domain}`;
}
