import type { EntityManager } from '@mikro-orm/postgresql';
import type { RefusalReason } from '../mail/mail-message.js';
import type { IncomingMail } from './incoming-mail.js';

/** What a reply token names (mail out issues one per recipient of a notification). */
export interface TokenClaim {
  ticketId: number;
  userId: number;
  expired: boolean;
}

/** How replies are recognised: the tokens and Message-IDs our notifications carry (mail out's). */
export interface ReplyReader {
  /** The ticket and person a token was issued for; null when it does not read (altered, unknown). */
  token(token: string): TokenClaim | null;
  /** The ticket one of our notifications' Message-IDs belongs to; null when none is ours. */
  thread(em: EntityManager, messageIds: readonly string[]): Promise<number | null>;
}

/** A mail's place: a new ticket, a comment on a ticket (by the token's person when a token decided), or refused. */
export type ReplyMatch =
  { kind: 'new' } | { kind: 'comment'; ticketId: number; userId: number | null } | { kind: 'refused'; reason: RefusalReason };

/**
 * Where a mail goes (README, "Mail in"). A reply token in a recipient (`local+<token>@domain` of
 * MAIL_REPLY_ADDRESS) decides alone, ticket and author: never the From line, which anyone can write,
 * nor the subject. An altered or expired token is refused, never guessed around. Without a token,
 * In-Reply-To/References naming one of our notifications, or a mail this mailbox filed, give the
 * ticket, and the author is the sender's account. Anything else is a new ticket.
 */
export async function matchReply(
  em: EntityManager,
  replies: ReplyReader,
  replyAddress: string | null,
  mailboxId: number,
  mail: IncomingMail,
): Promise<ReplyMatch> {
  const token = replyAddress ? tokenIn(replyAddress, mail.recipients) : null;
  if (token !== null) {
    const claim = replies.token(token);
    if (!claim) return { kind: 'refused', reason: { key: 'refusalInvalidToken' } };
    if (claim.expired) return { kind: 'refused', reason: { key: 'refusalExpiredToken' } };
    return { kind: 'comment', ticketId: claim.ticketId, userId: claim.userId };
  }
  if (mail.threads.length === 0) return { kind: 'new' };
  const ticketId = (await replies.thread(em, mail.threads)) ?? (await filedThread(em, mailboxId, mail.threads));
  return ticketId === null ? { kind: 'new' } : { kind: 'comment', ticketId, userId: null };
}

/** The token of the first recipient that is the reply address with `+<token>` in its local part. */
export function tokenIn(replyAddress: string, recipients: readonly string[]): string | null {
  const at = replyAddress.lastIndexOf('@');
  const local = replyAddress.slice(0, at).toLowerCase();
  const domain = replyAddress.slice(at + 1).toLowerCase();
  for (const recipient of recipients) {
    const [, tokenLocal, token, tokenDomain] = /^([^+@]+)\+([^@]+)@(.+)$/.exec(recipient) ?? [];
    if (token && tokenLocal.toLowerCase() === local && tokenDomain.toLowerCase() === domain) return token;
  }
  return null;
}

// A reply to a mail this mailbox filed as a ticket (a follow-up by its sender, a reply-all): that ticket.
async function filedThread(em: EntityManager, mailboxId: number, ids: readonly string[]): Promise<number | null> {
  const rows = await em.execute<{ ticket_id: number }[]>(
    `select ticket_id from inbox_message where mailbox_id = ? and outcome = 'ticket' and message_id = any(?::text[]) limit 1`,
    [mailboxId, `{${ids.map((id) => `"${id.replace(/["\\]/g, '')}"`).join(',')}}`],
  );
  return rows[0]?.ticket_id ?? null;
}
