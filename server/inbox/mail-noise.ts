import type { IncomingMail } from './incoming-mail.js';

/** What marks our own mails: the domain of our Message-IDs and the address replies come back to. */
export interface OwnMarks {
  /** The domain after `@` in the Message-IDs our notifications carry. */
  messageIdDomain: string | null;
  /** MAIL_REPLY_ADDRESS: a mail From it is ours coming back. */
  replyAddress: string | null;
}

// Senders of delivery reports (RFC 3464) and mailing-list robots.
const ROBOTS = /^(mailer-daemon|postmaster|no-?reply|bounces?)(\+.*)?@/i;

/**
 * Why a mail must never be filed, or null when it may be: auto-replies (RFC 3834 Auto-Submitted,
 * Precedence, X-Autoreply…), bounces (null sender, multipart/report), list traffic, and our own
 * notifications coming back. Nothing is ever sent back to these: that is how loops between two
 * helpdesks (or a helpdesk and an out-of-office) end.
 */
export function noiseOf(mail: IncomingMail, own: OwnMarks): string | null {
  const h = (name: string): string => (mail.headers.get(name) ?? '').trim().toLowerCase();
  if (h('auto-submitted') && h('auto-submitted') !== 'no') return 'auto-submitted';
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(h('precedence'))) return 'bulk';
  if (h('x-autoreply') || h('x-autorespond') || h('x-auto-reply') || h('x-autoresponder')) return 'auto-reply';
  if (h('list-id') || h('list-unsubscribe')) return 'list';
  if (h('return-path') === '<>' || mail.contentType === 'multipart/report') return 'bounce';
  if (!mail.sender) return 'no-sender';
  if (ROBOTS.test(mail.sender)) return 'robot';
  if (h('x-loop')) return 'loop';
  if (own.replyAddress && mail.sender === own.replyAddress.toLowerCase()) return 'own';
  const domain = own.messageIdDomain?.toLowerCase();
  if (domain && mail.messageId.toLowerCase().endsWith(`@${domain}>`)) return 'own';
  return null;
}
