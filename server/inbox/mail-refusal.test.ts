import { afterAll, describe, expect, it } from 'vitest';
import { composeMail, useMailIn } from '../../test/dovecot.js';
import { makeUser, unique } from '../../test/factories.js';
import { ok } from '../../test/harness.js';
import { SmtpSink, type SunkMail } from '../../test/smtp-sink.js';
import { until } from '../../test/until.js';

/**
 * Mail in's answer to a mail it refuses (issue 20), sent by mail out to a real SMTP server: French
 * first, then English, and when the sender's server refuses it for good, a mail failure about no
 * ticket that the admins list.
 */
describe('mail in: the answer to a refused mail (dovecot, a real SMTP server)', () => {
  let sink: SmtpSink;
  const { imap, app, s } = useMailIn(async () => {
    sink = await SmtpSink.start();
    return {
      SMTP_URL: sink.url,
      MAIL_FROM: 'Assistance <assistance@helpdesk.example.fr>',
      MAIL_RETRY_DELAY_SECONDS: '1',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await sink.stop();
  });

  /** Files a mail of the owner's, then delivers a reply in its thread from `from`: refused, as it may not comment. */
  async function refusedReply(from: string, subject: string): Promise<number> {
    const original = `<${unique('original')}@client.example.org>`;
    await imap.deliver(
      'dnum',
      await composeMail({ from: s.owner.email!, to: 'dnum@univ.example.fr', subject, text: 'Bonjour', messageId: original }),
    );
    const [filed] = await app.inbox.readAll();
    await imap.deliver(
      'dnum',
      await composeMail({ from, to: 'dnum@univ.example.fr', subject: `Re: ${subject}`, inReplyTo: original, text: 'Je réponds.' }),
    );
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['refused']);
    return filed.ticketId!;
  }

  it('should answer in French first, then in English, the reason said in both', async () => {
    await refusedReply(s.stranger.email!, 'Accès wifi');
    const answer = await until(() => sink.mails.find((m: SunkMail) => m.rcptTo.includes(s.stranger.email!)));
    expect(answer.subject).toBe('Re: Accès wifi');
    const fr = answer.text.indexOf(
      "Votre message « Re: Accès wifi » n'a pas été enregistré par l'assistance : répondez par l'adresse de réponse d'une notification, ou dans l'ENT.",
    );
    const en = answer.text.indexOf(
      'Your message "Re: Accès wifi" was not filed by the helpdesk: answer through the reply address of a notification, or in the ENT.',
    );
    expect(fr).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(fr);
    expect(answer.text.startsWith('Bonjour,')).toBe(true);
    expect(answer.html).toMatch(/<html lang="fr">[\s\S]*pas été enregistré[\s\S]*<div lang="en">[\s\S]*was not filed/);
    expect(answer.headerLines.some((line) => /^auto-submitted: auto-generated$/i.test(line))).toBe(true);
  });

  it('should record an answer the sender’s server refuses for good as a failure about no ticket, listed for admins and kept out of any history', async () => {
    const sender = await makeUser(app.em(), unique('bounced'), { email: `bounce-${unique('in')}@exterieur.example.org` });
    const ticketId = await refusedReply(sender.email!, 'Imprimante');
    const [failure] = await until(async () => {
      const rows = await app
        .em()
        .execute<{ ticket_id: number | null; event_id: string | null; user_id: number | null; reason: string; message_id: string }[]>(
          'select ticket_id, event_id, user_id, reason, message_id from mail_failure where address = ?',
          [sender.email],
        );
      return rows.length > 0 && rows;
    });
    expect(failure).toMatchObject({ ticket_id: null, event_id: null, user_id: null });
    expect(failure.reason).toContain('550');
    expect(failure.message_id).toMatch(/^<helpdesk\.refusal\.[0-9a-f-]+@helpdesk\.example\.fr>$/);

    const listed = ok(
      await app.gql<{ mailFailures: { ticketId: number | null; address: string; reason: string }[] }>(
        s.admin.uid,
        '{ mailFailures { ticketId address reason } }',
      ),
    ).mailFailures.filter((f) => f.address === sender.email);
    expect(listed).toEqual([{ ticketId: null, address: sender.email, reason: failure.reason }]);
    // The refused mail's ticket says nothing of it: the answer was not about that ticket.
    const [{ n }] = await app
      .em()
      .execute<{ n: number }[]>("select count(*)::int as n from ticket_event where ticket_id = ? and type = 'MAIL_FAILED'", [ticketId]);
    expect(n).toBe(0);

    // The failure names the person by address alone: their data holds it, and forgetting them clears it.
    const exported = JSON.parse(
      ok(await app.gql<{ personalData: string }>(s.admin.uid, 'query($u: String!) { personalData(user: $u) }', { u: sender.uid }))
        .personalData,
    ) as { mailFailures: { ticketId: number | null; address: string }[] };
    expect(exported.mailFailures).toEqual([expect.objectContaining({ ticketId: null, address: sender.email })]);
    ok(await app.gql(s.admin.uid, 'mutation($u: String!) { forgetPerson(user: $u) }', { u: sender.uid }));
    const after = await app
      .em()
      .execute<{ address: string | null }[]>('select address from mail_failure where message_id = ?', [failure.message_id]);
    expect(after).toEqual([{ address: null }]);
  });
});
