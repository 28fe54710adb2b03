import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { callAction } from '../../test/actions.js';
import { composeMail, useMailIn } from '../../test/dovecot.js';
import { ok } from '../../test/harness.js';
import type { CaughtMail } from '../mail/mail-catcher.js';
import { issueReplyToken } from '../mail/reply-token.js';

const SECRET = 'file-url-secret-of-the-reply-tokens-0123456789';
const REPLY = 'assistance@univ.example.fr';

describe('mail in: replies to the notifications of mail out (dovecot, the dev SMTP catcher)', () => {
  const { imap, app, s } = useMailIn({ MAIL_REPLY_ADDRESS: REPLY, FILE_URL_SECRET: SECRET });

  async function caught(match: (m: CaughtMail) => boolean): Promise<CaughtMail> {
    for (let i = 0; i < 150; i++) {
      const found = app.mailCatcher!.mails.find(match);
      if (found) return found;
      await sleep(100);
    }
    throw new Error('no such mail was sent');
  }

  async function newTicket(subject: string): Promise<number> {
    await imap.deliver('dnum', await composeMail({ from: s.owner.email!, to: 'dnum@univ.example.fr', subject, text: 'Bonjour' }));
    const [filed] = await app.inbox.readAll();
    return filed.ticketId!;
  }

  async function lastEntry(ticketId: number): Promise<{ status: string; type: string; message: string; actor_id: number; n: number }> {
    const [row] = await app.em().execute<{ status: string; type: string; message: string; actor_id: number; n: number }[]>(
      `select t.status, e.type, e.message, e.actor_id, (select count(*)::int from ticket_event x where x.ticket_id = t.id) as n
       from ticket t join ticket_event e on e.ticket_id = t.id where t.id = ? order by e.id desc limit 1`,
      [ticketId],
    );
    return row;
  }

  it("should send the receipt, and land the owner's reply to the information request mail as the answer: INCOMPLETE → IN_PROGRESS", async () => {
    const ticketId = await newTicket('Messagerie bloquée');
    await caught((m) => m.to.includes(s.owner.email!) && m.subject.includes(String(ticketId)));
    ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: String(ticketId) }, 'id'));
    ok(await callAction(app, s.manager.uid, 'requestInformation', { ticketId: String(ticketId), message: 'Quel navigateur ?' }, 'id'));
    const question = await caught((m) => m.to.includes(s.owner.email!) && m.text.includes('Quel navigateur'));
    const replyTo = (JSON.parse(question.headers['reply-to']) as { value: { address: string }[] }).value[0].address;
    expect(replyTo).toMatch(/^assistance\+[0-9a-z-]+@univ\.example\.fr$/);
    await imap.deliver(
      'dnum',
      await composeMail({
        from: s.owner.email!,
        to: replyTo,
        subject: `Re: ${question.subject}`,
        inReplyTo: question.headers['message-id'],
        references: [question.headers['message-id']],
        text: `Firefox 140.\n\nLe lun. 7 déc. 2026, Assistance a écrit :\n> Quel navigateur ?\n`,
      }),
    );
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['comment']);
    expect(await lastEntry(ticketId)).toMatchObject({
      status: 'IN_PROGRESS',
      type: 'INFORMATION_GIVEN',
      message: '<p>Firefox 140.</p>',
      actor_id: s.owner.id,
    });
  });

  it("should let the token decide, not a forged From of a staff address: the comment is the token holder's", async () => {
    const ticketId = await newTicket('Forgé');
    const token = issueReplyToken(SECRET, ticketId, s.owner.id);
    await imap.deliver(
      'dnum',
      await composeMail({ from: s.manager.email!, to: `assistance+${token}@univ.example.fr`, subject: 'Re: Forgé', text: 'Réponse' }),
    );
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['comment']);
    expect(await lastEntry(ticketId)).toMatchObject({ type: 'COMMENTED', actor_id: s.owner.id, n: 2 });
  });

  it("should file a reply on its token's ticket, whatever its References say", async () => {
    const a = await newTicket('Ticket A');
    const b = await newTicket('Ticket B');
    const token = issueReplyToken(SECRET, a, s.owner.id);
    const threadOfB = `<helpdesk.ticket.${b}@univ.example.fr>`;
    await imap.deliver(
      'dnum',
      await composeMail({
        from: s.owner.email!,
        to: `assistance+${token}@univ.example.fr`,
        subject: 'Re: Ticket B',
        inReplyTo: threadOfB,
        references: [threadOfB],
        text: 'Pour A',
      }),
    );
    expect((await app.inbox.readAll()).map((f) => [f.outcome, f.ticketId])).toEqual([['comment', a]]);
    expect((await lastEntry(b)).n).toBe(1);
  });

  it('should refuse an altered token or an expired one, write nothing, and answer with a short mail', async () => {
    const ticketId = await newTicket('Jeton');
    const token = issueReplyToken(SECRET, ticketId, s.owner.id);
    const altered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    const expired = issueReplyToken(SECRET, ticketId, s.owner.id, { now: new Date(Date.now() - 400 * 86_400_000) });
    await imap.deliver(
      'dnum',
      await composeMail({ from: s.owner.email!, to: `assistance+${altered}@univ.example.fr`, subject: 'Altéré', text: 'Un' }),
    );
    await imap.deliver(
      'dnum',
      await composeMail({ from: s.owner.email!, to: `assistance+${expired}@univ.example.fr`, subject: 'Périmé', text: 'Deux' }),
    );
    const filed = await app.inbox.readAll();
    expect(filed.map((f) => f.outcome)).toEqual(['refused', 'refused']);
    expect(filed[1].reason).toMatch(/expired/);
    expect((await lastEntry(ticketId)).n).toBe(1);
    const answer = await caught((m) => m.to.includes(s.owner.email!) && m.subject === 'Re: Périmé');
    expect(answer.text).toContain("n'a pas été enregistré");
    expect(answer.headers['auto-submitted']).toBe('auto-generated');
  });
});
