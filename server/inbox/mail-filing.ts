import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { contextOf } from '../auth/context.js';
import { loadViewer, type Viewer } from '../auth/viewer.js';
import type { FilesConfig, InboxConfig } from '../config.js';
import { AppError } from '../errors.js';
import type { FileStore } from '../files/store.js';
import { TicketHooks } from '../hooks/ticket-hooks.js';
import { fileTicket } from '../lifecycle/create.actions.js';
import { userNamed } from '../lifecycle/people.js';
import { runAction, runFiling } from '../lifecycle/runner.js';
import { addComment } from '../lifecycle/status.actions.js';
import { TicketOrigin } from '../model/ticket.enums.js';
import { User } from '../model/user.entity.js';
import { mayAnswerWithoutToken } from '../policies/mailbox.policy.js';
import { plainText, sanitizeRichText } from '../shared/rich-text.js';
import { LIMITS } from '../ticket/ticket.service.js';
import { mailWords, type RefusalReason } from '../mail/mail-message.js';
import { hashedMessageId, parseMail, type IncomingMail } from './incoming-mail.js';
import { receiveMailFiles, releaseMailFiles, type MailFiles } from './mail-files.js';
import { noiseOf, type OwnMarks } from './mail-noise.js';
import { matchReply, type ReplyReader } from './reply-match.js';
import { textToHtml, trimReply } from './reply-text.js';

/** What became of one mail; every one of them is remembered by its Message-ID, once. */
export type MailOutcome = 'ticket' | 'comment' | 'ignored' | 'limited' | 'refused' | 'unreadable' | 'too-large' | 'already';

/** A short mail back to a sender whose mail was not filed (written in the same transaction that remembers the mail). */
export type Refusal = (em: EntityManager, to: RefusedMail, reason: RefusalReason) => Promise<void>;

/** The mail refused, as its answer needs it: whom to answer, what they wrote about, which mail it answers. */
export interface RefusedMail {
  address: string;
  subject: string;
  messageId: string;
}

/** What filing mail needs from the running application. */
export interface InboxParts {
  orm: MikroORM;
  /** The application's action hooks: mail out's receipt and live updates hang there. */
  hooks: TicketHooks;
  store: FileStore;
  files: FilesConfig;
  inbox: InboxConfig;
  own: OwnMarks;
  replies: ReplyReader;
  refuse: Refusal;
}

/** The mailbox a mail was read from: its id (the Message-IDs it remembers) and its category (new tickets). */
export interface MailboxTarget {
  id: number;
  categoryId: number;
}

/** What the filing of one mail did. */
export interface Filed {
  outcome: MailOutcome;
  ticketId?: number;
  reason?: string;
}

/**
 * Files one mail (README, "Mail in"): a new ticket in the mailbox's category, a comment when it
 * answers one of our mails, or nothing (noise, over the sender's limit, refused — then a short mail
 * back). Its Message-ID is written in the very transaction that files it, so a mail read again (a
 * crash before the IMAP flag, another instance) is recognised and never filed twice.
 */
export async function fileMail(parts: InboxParts, box: MailboxTarget, raw: Buffer): Promise<Filed> {
  let mail: IncomingMail;
  try {
    mail = await parseMail(raw);
  } catch {
    return setAside(parts, box, { messageId: hashedMessageId(raw), sender: null }, 'unreadable', 'the mail could not be parsed');
  }
  const em = parts.orm.em.fork();
  if (await isKnown(em, box.id, mail.messageId)) return { outcome: 'already' };
  const noise = noiseOf(mail, parts.own);
  if (noise) return setAside(parts, box, mail, 'ignored', noise);
  const sender = mail.sender!;
  if (await overLimit(em, sender, parts.inbox.senderLimitPerHour))
    return setAside(parts, box, mail, 'limited', 'sender over its hourly limit');
  const reply = await matchReply(em, parts.replies, parts.own.replyAddress, box.id, mail);
  if (reply.kind === 'refused') return refuseMail(parts, box, mail, reply.reason);
  if (reply.kind === 'new') return fileNewTicket(parts, box, mail);
  const author = reply.userId
    ? await em.findOne(User, { id: reply.userId })
    : await em.findOne(User, { email: sender, provisional: false });
  if (!author) return refuseMail(parts, box, mail, { key: 'refusalNotParticipant' });
  // Without a token only the From line names the author: the policies take that from the owner and invitees only.
  if (!reply.userId && !(await mayAnswerWithoutToken(em, author.id, reply.ticketId))) {
    return refuseMail(parts, box, mail, { key: 'refusalNoToken' });
  }
  return fileComment(parts, box, mail, reply.ticketId, await loadViewer(em, author));
}

/** Remembers a mail that is over the size limit without reading it, and answers its sender when one can be. */
export async function setAsideTooLarge(
  parts: InboxParts,
  box: MailboxTarget,
  messageId: string,
  sender: string | null,
  subject: string,
): Promise<Filed> {
  const em = parts.orm.em.fork();
  if (await isKnown(em, box.id, messageId)) return { outcome: 'already' };
  const reason = { key: 'refusalTooLarge', holes: { size: String(Math.floor(parts.inbox.maxMailBytes / 1024 / 1024)) } };
  return answerRefused(parts, box, { messageId, sender }, 'too-large', reason, sender ? { address: sender, subject, messageId } : null);
}

async function fileNewTicket(parts: InboxParts, box: MailboxTarget, mail: IncomingMail): Promise<Filed> {
  const em = parts.orm.em.fork();
  const owner = await ownerOf(em, mail);
  if (!owner) return refuseMail(parts, box, mail, { key: 'refusalInvalidSender' });
  return withFiles(parts, mail, async (files) => {
    const message = `${bodyOf(mail)}${refusedList(files)}`;
    const subject = (mail.subject || '(sans objet)').slice(0, LIMITS.subject);
    const ctx = contextOf(
      parts.orm.em.fork(),
      await loadViewer(em, owner),
      remembering(parts.hooks, box, mail, 'ticket'),
      `mail ${box.id}`,
    );
    const input = { categoryId: String(box.categoryId), subject, message };
    const ticket = await runFiling(ctx, fileTicket, { input, message, attachments: files.accepted, origin: TicketOrigin.EMAIL });
    return { outcome: 'ticket', ticketId: ticket.id };
  }).catch((error: unknown) => afterFailure(parts, box, mail, error));
}

async function fileComment(parts: InboxParts, box: MailboxTarget, mail: IncomingMail, ticketId: number, author: Viewer): Promise<Filed> {
  return withFiles(parts, mail, async (files) => {
    const answer = trimReply(mail.text ?? (mail.html ? plainText(mail.html) : '')).slice(0, LIMITS.message / 2);
    const message = `${answer ? textToHtml(answer) : ''}${refusedList(files)}`;
    if (!message && files.accepted.length === 0) return refuseMail(parts, box, mail, { key: 'refusalEmptyReply' });
    const ctx = contextOf(parts.orm.em.fork(), author, remembering(parts.hooks, box, mail, 'comment'), `mail ${box.id}`);
    // The same declaration as the web form's "Ajouter commentaire": the table decides (INCOMPLETE → IN_PROGRESS for the owner's answer).
    await runAction(ctx, addComment, { ticketId, message: message || '<p>(pièces jointes)</p>', attachments: files.accepted });
    return { outcome: 'comment', ticketId };
  }).catch((error: unknown) => afterFailure(parts, box, mail, error));
}

// The mail's files through the file store's intake; whatever the action did not claim is released.
async function withFiles(parts: InboxParts, mail: IncomingMail, file: (files: MailFiles) => Promise<Filed>): Promise<Filed> {
  const em = parts.orm.em.fork();
  const files = await receiveMailFiles(em, parts.store, parts.files, mail.files);
  try {
    return await file(files);
  } catch (error) {
    // The ticket's own file limit: file the text, and name the files instead.
    if (error instanceof AppError && error.extensions.field === 'attachments' && files.accepted.length > 0) {
      const refused = mail.files.map((f) => ({ filename: f.filename, reason: error.message }));
      await releaseMailFiles(em, parts.store, files);
      return await file({ accepted: [], refused, keys: [] });
    }
    throw error;
  } finally {
    await releaseMailFiles(em, parts.store, files);
  }
}

// A refusal by the lifecycle (no right to comment, a closed ticket, a hidden one) is answered; a mail
// filed meanwhile by another reader is recognised; anything else (the database down) is thrown, and
// the mail, left unflagged, is read again at the next pass.
async function afterFailure(parts: InboxParts, box: MailboxTarget, mail: IncomingMail, error: unknown): Promise<Filed> {
  if (await isKnown(parts.orm.em.fork(), box.id, mail.messageId)) return { outcome: 'already' };
  if (error instanceof AppError && error.code !== 'UNAVAILABLE' && error.code !== 'CONFLICT' && error.code !== 'INTERNAL_SERVER_ERROR') {
    return refuseMail(parts, box, mail, refusalReason(error.code));
  }
  throw error;
}

function refusalReason(code: string): RefusalReason {
  if (code === 'NOT_FOUND' || code === 'FORBIDDEN') return { key: 'refusalMayNotComment' };
  if (code === 'INVALID_TRANSITION') return { key: 'refusalClosed' };
  if (code === 'RATE_LIMITED') return { key: 'refusalRateLimited' };
  return { key: 'refusalNotFiled' };
}

// A new ticket's first message: its HTML cleaned by the rich-text rules, else its text, else a placeholder.
function bodyOf(mail: IncomingMail): string {
  if (mail.html && mail.html.length <= LIMITS.message / 2 && plainText(sanitizeRichText(mail.html)) !== '') return mail.html;
  if (mail.text) return textToHtml(mail.text.slice(0, LIMITS.message / 2));
  return '<p>(message sans texte)</p>';
}

function refusedList(files: MailFiles): string {
  if (files.refused.length === 0) return '';
  const items = files.refused.map((f) => textToHtml(`${f.filename} : ${f.reason}`).replace(/^<p>|<\/p>$/g, ''));
  return `<p><strong>Pièces jointes non retenues / files not kept :</strong></p><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

// The owner is the person with the sender's address; an unknown address becomes a provisional user, as an invitation by email does.
async function ownerOf(em: EntityManager, mail: IncomingMail): Promise<User | null> {
  try {
    const user = await userNamed(em, mail.sender!, 'from');
    if (user.provisional && user.displayName === user.email && mail.senderName) user.displayName = mail.senderName.slice(0, 200);
    await em.flush();
    return user;
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

// Hooks that write the mail's Message-ID in the action's own transaction, then run the application's (mail out, live).
function remembering(app: TicketHooks, box: MailboxTarget, mail: IncomingMail, outcome: MailOutcome): TicketHooks {
  const hooks = new TicketHooks();
  let written = false;
  hooks.onInTransaction(async (tx, change) => {
    if (!written) {
      await tx.execute('insert into inbox_message (mailbox_id, message_id, sender, outcome, ticket_id) values (?, ?, ?, ?, ?)', [
        box.id,
        mail.messageId,
        mail.sender,
        outcome,
        change.ticketId,
      ]);
      written = true;
    }
    await app.inTransaction(tx, [change]);
  });
  hooks.onAfterCommit((change) => app.afterCommit([change]));
  return hooks;
}

function refuseMail(parts: InboxParts, box: MailboxTarget, mail: IncomingMail, reason: RefusalReason): Promise<Filed> {
  const to = mail.sender ? { address: mail.sender, subject: mail.subject, messageId: mail.messageId } : null;
  return answerRefused(parts, box, mail, 'refused', reason, to);
}

// A refused mail: remembered with its reason in English (the admins' and the logs' language), and
// answered in both languages when it has a sender to answer.
function answerRefused(
  parts: InboxParts,
  box: MailboxTarget,
  mail: Pick<IncomingMail, 'messageId' | 'sender'>,
  outcome: MailOutcome,
  reason: RefusalReason,
  to: RefusedMail | null,
): Promise<Filed> {
  const answer = to && ((tx: EntityManager) => parts.refuse(tx, to, reason));
  return remember(parts, box, mail, outcome, mailWords('en')(reason.key, reason.holes), answer);
}

function setAside(
  parts: InboxParts,
  box: MailboxTarget,
  mail: Pick<IncomingMail, 'messageId' | 'sender'>,
  outcome: MailOutcome,
  reason: string,
): Promise<Filed> {
  return remember(parts, box, mail, outcome, reason, null);
}

// Remembers a mail that files nothing, with its answer mailed back in the same transaction (or neither).
async function remember(
  parts: InboxParts,
  box: MailboxTarget,
  mail: Pick<IncomingMail, 'messageId' | 'sender'>,
  outcome: MailOutcome,
  reason: string,
  answer: ((tx: EntityManager) => Promise<void>) | null,
): Promise<Filed> {
  const written = await parts.orm.em.fork().transactional(async (tx) => {
    const rows = await tx.execute<{ mailbox_id: number }[]>(
      `insert into inbox_message (mailbox_id, message_id, sender, outcome, reason) values (?, ?, ?, ?, ?)
       on conflict do nothing returning mailbox_id`,
      [box.id, mail.messageId, mail.sender, outcome, reason.slice(0, 300)],
    );
    if (rows.length > 0 && answer) await answer(tx);
    return rows.length > 0;
  });
  return written ? { outcome, reason } : { outcome: 'already' };
}

async function isKnown(em: EntityManager, mailboxId: number, messageId: string): Promise<boolean> {
  const rows = await em.execute<unknown[]>('select 1 from inbox_message where mailbox_id = ? and message_id = ?', [mailboxId, messageId]);
  return rows.length > 0;
}

// Mails that made work for someone (a ticket, a comment, a refusal sent back) in the last hour, across mailboxes.
async function overLimit(em: EntityManager, sender: string, perHour: number): Promise<boolean> {
  if (perHour === 0) return false;
  const [{ n }] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from inbox_message where sender = ? and read_at > now() - interval '1 hour' and outcome in ('ticket', 'comment', 'refused')`,
    [sender],
  );
  return n >= perHour;
}
