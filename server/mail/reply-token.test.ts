import { describe, expect, it } from 'vitest';
import { issueReplyToken, readReplyToken } from './reply-token.js';

const SECRET = 'x'.repeat(40);
const NOW = new Date('2026-12-07T12:00:00Z');

describe('reply tokens', () => {
  it('should read back the ticket and the user, in lower case letters, digits and hyphens only', () => {
    const token = issueReplyToken(SECRET, 53350, 1234, { now: NOW });
    expect(token).toMatch(/^[a-z0-9-]+$/);
    expect(readReplyToken(SECRET, token, NOW)).toMatchObject({ ticketId: 53350, userId: 1234, expired: false });
    // An MTA that upper-cases the local part changes nothing.
    expect(readReplyToken(SECRET, token.toUpperCase(), NOW)).toMatchObject({ ticketId: 53350, userId: 1234 });
  });

  it('should say a token is expired after its days, and still whose it was', () => {
    const token = issueReplyToken(SECRET, 7, 9, { now: NOW, days: 10 });
    expect(readReplyToken(SECRET, token, new Date(NOW.getTime() + 9 * 86_400_000))?.expired).toBe(false);
    expect(readReplyToken(SECRET, token, new Date(NOW.getTime() + 12 * 86_400_000))).toMatchObject({
      ticketId: 7,
      userId: 9,
      expired: true,
    });
  });

  it('should refuse an altered token, another key, and garbage', () => {
    const token = issueReplyToken(SECRET, 7, 9, { now: NOW });
    const [ticket, ...rest] = token.split('-');
    const otherTicket = [(parseInt(ticket, 36) + 1).toString(36), ...rest].join('-');
    expect(readReplyToken(SECRET, otherTicket, NOW)).toBeNull();
    expect(readReplyToken('y'.repeat(40), token, NOW)).toBeNull();
    for (const bad of ['', 'abc', `${token}x`, token.replace(/-/g, '_'), '0-0-0-aaaaaaaaaaaaaaaaaaaa'])
      expect(readReplyToken(SECRET, bad, NOW)).toBeNull();
  });
});
