import { createHmac, timingSafeEqual } from 'node:crypto';
import { DAY_MS } from '../shared/values.js';

/**
 * The token in a mail's Reply-To (`helpdesk+<token>@…`): who may answer which ticket by mail. Mail in
 * reads it back with `readReplyToken` and files the reply as that user on that ticket.
 *
 * Lower-case letters, digits and hyphens only, because MTAs may lower-case a local part:
 * `<ticket>-<user>-<expiry day>-<signature>`, the numbers in base 36, the signature the first 20
 * base-32 characters (100 bits) of an HMAC-SHA256 over the three, with a key derived from the
 * installation's secret (`FILE_URL_SECRET`, config.mail.tokenSecret), so a token is never forged nor
 * altered. The expiry is kept inside the token: an expired one still says whose it was (mail in
 * may then answer "this link is too old" instead of dropping the mail).
 */

/** What a token says, once its signature is checked. */
export interface ReplyTokenContent {
  ticketId: number;
  userId: number;
  expiresAt: Date;
  expired: boolean;
}

/** How long a reply token is valid by default. */
export const REPLY_TOKEN_DAYS = 180;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const SIGNATURE_LENGTH = 20;
const TOKEN = /^([0-9a-z]{1,11})-([0-9a-z]{1,11})-([0-9a-z]{1,6})-([a-z2-7]{20})$/;

/** Issues the token for one recipient of mails about one ticket. */
export function issueReplyToken(secret: string, ticketId: number, userId: number, options: { now?: Date; days?: number } = {}): string {
  const now = options.now ?? new Date();
  const expiryDay = Math.floor(now.getTime() / DAY_MS) + (options.days ?? REPLY_TOKEN_DAYS);
  const body = `${ticketId.toString(36)}-${userId.toString(36)}-${expiryDay.toString(36)}`;
  return `${body}-${sign(secret, body)}`;
}

/** Reads a token back: null when it is not one of ours (malformed, altered, another key). Case does not matter. */
export function readReplyToken(secret: string, token: string, now: Date = new Date()): ReplyTokenContent | null {
  const match = TOKEN.exec(token.trim().toLowerCase());
  if (!match) return null;
  const [, ticket, user, day, signature] = match;
  const body = `${ticket}-${user}-${day}`;
  const expected = Buffer.from(sign(secret, body));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return null;
  const ticketId = parseInt(ticket, 36);
  const userId = parseInt(user, 36);
  if (!Number.isSafeInteger(ticketId) || !Number.isSafeInteger(userId) || ticketId < 1 || userId < 1) return null;
  const expiresAt = new Date((parseInt(day, 36) + 1) * DAY_MS);
  return { ticketId, userId, expiresAt, expired: now.getTime() >= expiresAt.getTime() };
}

// A key of its own for this use, derived from the installation's secret: a download link's signature never signs a token.
function sign(secret: string, body: string): string {
  const key = createHmac('sha256', secret).update('helpdesk reply token v1').digest();
  const mac = createHmac('sha256', key).update(body).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of mac) {
    // At most 12 bits are pending: keep only those.
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5 && out.length < SIGNATURE_LENGTH) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= SIGNATURE_LENGTH) break;
  }
  return out;
}
