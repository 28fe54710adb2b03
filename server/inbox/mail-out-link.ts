import type { MailConfig } from '../config.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { nameUuid, readOurMessageId, renderRefusal } from '../mail/mail-message.js';
import { addressDomain, SEND_QUEUE, type SendJob } from '../mail/mail.service.js';
import { readReplyToken } from '../mail/reply-token.js';
import type { Refusal } from './mail-filing.js';
import type { OwnMarks } from './mail-noise.js';
import type { ReplyReader } from './reply-match.js';

// Mail in reads what mail out writes, with mail out's own readers: the reply tokens, our Message-IDs, our domain.

/** Our own mails as they come back: the domain of our Message-IDs and the reply address. */
export function ownMarks(mail: MailConfig): OwnMarks {
  return { messageIdDomain: addressDomain(mail.from), replyAddress: mail.replyAddress ?? null };
}

/** Replies recognised by mail out's reply tokens (server/mail/reply-token.ts) and by the Message-IDs of its notifications. */
export function mailOutReplies(mail: MailConfig): ReplyReader {
  const domain = addressDomain(mail.from);
  return {
    token: (token) => readReplyToken(mail.tokenSecret, token),
    async thread(em, ids) {
      for (const id of ids) {
        const ours = readOurMessageId(id, domain);
        if (ours === null) continue;
        if ('ticketId' in ours) return ours.ticketId;
        const rows = await em.execute<{ ticket_id: number }[]>('select ticket_id from ticket_event where id = ?', [ours.eventId]);
        if (rows.length > 0) return rows[0].ticket_id;
      }
      return null;
    },
  };
}

/**
 * The short mail back to a sender whose mail was not filed, sent by mail out's worker (retries, SMTP;
 * given up, a mail failure about no ticket): queued in the transaction that remembers the mail, once
 * per mail (its job id), in reply to it, in French then English (mail-message.ts, renderRefusal).
 */
export function mailOutRefusal(mail: MailConfig, jobs: JobQueue): Refusal {
  const domain = addressDomain(mail.from);
  return async (em, to, reason) => {
    const key = nameUuid(`mail-refusal:${to.messageId}`);
    const data: SendJob = {
      ticketId: null,
      eventId: null,
      userId: null,
      to: { name: '', address: to.address },
      ...renderRefusal(to.subject, reason),
      messageId: `<helpdesk.refusal.${key}@${domain}>`,
      thread: to.messageId,
      replyTo: null,
    };
    await jobs.sendIn(em, SEND_QUEUE, data, { id: key });
  };
}
