import { describe, expect, it } from 'vitest';
import { composeMail as compose, useMailIn } from '../../test/dovecot.js';
import { ok } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';
import { PDF, PNG } from '../../test/file-samples.js';

describe('mail in: a department mailbox read over IMAP (dovecot)', () => {
  const mailIn = useMailIn({ MAIL_SENDER_LIMIT_PER_HOUR: '10' });
  const { app, s } = mailIn;
  const imap = () => mailIn.imap;

  async function ticketsOf(
    ownerEmail: string,
  ): Promise<{ id: number; subject: string; origin: string; status: string; category_id: number; owner_id: number }[]> {
    return app
      .em()
      .execute(
        'select t.id, t.subject, t.origin, t.status, t.category_id, t.owner_id from ticket t join app_user u on u.id = t.owner_id where u.email = ? order by t.id',
        [ownerEmail],
      );
  }

  /** A mail of the owner's, filed as a ticket: the ticket, and the mail's Message-ID to answer in its thread. */
  async function ownersTicket(subject: string, text: string): Promise<{ ticketId: number; messageId: string }> {
    const messageId = `<${subject.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@client.example.org>`;
    await imap().deliver('dnum', await compose({ from: s.owner.email!, to: 'assistance@univ.example.fr', subject, text, messageId }));
    const [filed] = await app.inbox.readAll();
    expect(filed.outcome).toBe('ticket');
    return { ticketId: filed.ticketId!, messageId };
  }

  /** How many entries a ticket's history holds. */
  async function entries(ticketId: number): Promise<number> {
    const [{ n }] = await app.em().execute<{ n: number }[]>('select count(*)::int as n from ticket_event where ticket_id = ?', [ticketId]);
    return n;
  }

  it('should file a mail as a ticket of the mailbox category, owned by the sender, with its files, and flag it only then', async () => {
    const raw = await compose({
      from: `Owner <${s.owner.email}>`,
      to: 'assistance@univ.example.fr',
      subject: 'Imprimante en panne',
      text: "L'imprimante du bâtiment B ne répond plus.\n\nMerci.",
      attachments: [
        { filename: 'rapport.pdf', content: PDF },
        { filename: 'ecran.png', content: PNG },
      ],
    });
    await imap().deliver('dnum', raw);
    const filed = await app.inbox.readAll();
    expect(filed.map((f) => f.outcome)).toEqual(['ticket']);
    const [ticket] = await ticketsOf(s.owner.email!);
    expect(ticket).toMatchObject({ subject: 'Imprimante en panne', origin: 'EMAIL', category_id: s.category.id, owner_id: s.owner.id });
    const view = ok(
      await app.gql<{
        ticket: { origin: string; history: { type: string; message: string; attachments: { filename: string; contentType: string }[] }[] };
      }>(s.owner.uid, `{ ticket(id: "${ticket.id}") { origin history { type message attachments { filename contentType } } } }`),
    ).ticket;
    expect(view.history[0].type).toBe('CREATED');
    expect(view.history[0].message).toContain('ne répond plus');
    expect(view.history[0].attachments.map((a) => a.filename).sort()).toEqual(['ecran.png', 'rapport.pdf']);
    // Flagged: dovecot keeps \Seen as "S" in the Maildir name, and our keyword as a letter beside it.
    expect((await imap().mails('dnum')).every((name) => /:2,S[a-z]+$/.test(name))).toBe(true);
    expect(await app.inbox.readAll()).toEqual([]);
  });

  it('should make an unknown sender a provisional user, named without the CR/LF a display name may carry', async () => {
    const raw = await compose({
      from: { name: 'Jeanne\r\nX-Injected: oui', address: 'jeanne.inconnue@exterieur.example.org' },
      to: 'assistance@univ.example.fr',
      subject: 'Accès',
      text: 'Bonjour',
    });
    await imap().deliver('dnum', raw);
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['ticket']);
    const [user] = await app
      .em()
      .execute<{ provisional: boolean; display_name: string }[]>('select provisional, display_name from app_user where email = ?', [
        'jeanne.inconnue@exterieur.example.org',
      ]);
    expect(user.provisional).toBe(true);
    expect(user.display_name).toBe('Jeanne X-Injected: oui');
  });

  it('should file a mail without any text part with a placeholder message and its file', async () => {
    const raw = await compose({
      from: s.owner.email!,
      to: 'assistance@univ.example.fr',
      subject: 'Pièce seule',
      attachments: [{ filename: 'scan.pdf', content: PDF }],
    });
    await imap().deliver('dnum', raw);
    const [filed] = await app.inbox.readAll();
    expect(filed.outcome).toBe('ticket');
    const [entry] = await app
      .em()
      .execute<{ message: string; files: number }[]>(
        "select e.message, (select count(*)::int from attachment a where a.event_id = e.id) as files from ticket_event e where e.ticket_id = ? and e.type = 'CREATED'",
        [filed.ticketId],
      );
    expect(entry).toEqual({ message: '<p>(message sans texte)</p>', files: 1 });
  });

  it('should keep ISO-8859-1 French text intact', async () => {
    const body = Buffer.from(
      "Bonjour,\r\nje n'arrive pas à accéder à l'ENT depuis la rentrée : élève en 1ʳᵉ année.\r\n".replace('ʳᵉ', 're'),
      'latin1',
    );
    const raw = Buffer.concat([
      Buffer.from(
        `From: ${s.owner.email}\r\nTo: assistance@univ.example.fr\r\nSubject: =?ISO-8859-1?Q?Probl=E8me_d'acc=E8s_=E0_l'ENT?=\r\nMessage-ID: <latin1-${Date.now()}@client.example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      body,
    ]);
    await imap().deliver('dnum', raw);
    const [filed] = await app.inbox.readAll();
    const [row] = await app
      .em()
      .execute<{ subject: string; message: string }[]>(
        "select t.subject, e.message from ticket t join ticket_event e on e.ticket_id = t.id and e.type = 'CREATED' where t.id = ?",
        [filed.ticketId],
      );
    expect(row.subject).toBe("Problème d'accès à l'ENT");
    expect(row.message).toContain("je n'arrive pas à accéder à l'ENT depuis la rentrée : élève en 1re année.");
  });

  it('should read malformed MIME once without stalling the mails after it', async () => {
    const broken = Buffer.from(
      `From: ${s.owner.email}\r\nSubject: cassé\r\nMessage-ID: <broken-${Date.now()}@client.example.org>\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain; charset=nope-8\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@\r\n--zz\r\nContent-Type: application/pdf; name="x.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBER`,
    );
    await imap().deliver('dnum', broken);
    await imap().deliver(
      'dnum',
      await compose({ from: s.owner.email!, to: 'assistance@univ.example.fr', subject: 'Après le cassé', text: 'Suite' }),
    );
    const filed = await app.inbox.readAll();
    expect(filed).toHaveLength(2);
    expect(filed[1].outcome).toBe('ticket');
    expect(['ticket', 'unreadable']).toContain(filed[0].outcome);
    expect(await app.inbox.readAll()).toEqual([]);
  });

  it('should file nothing for auto-replies, bulk mail, bounces and our own notifications', async () => {
    const base = { from: s.owner.email!, to: 'assistance@univ.example.fr', text: 'Je suis absent.' };
    await imap().deliver('dnum', await compose({ ...base, subject: 'Absent', headers: { 'Auto-Submitted': 'auto-replied' } }));
    await imap().deliver('dnum', await compose({ ...base, subject: 'Lettre', headers: { Precedence: 'bulk' } }));
    await imap().deliver('dnum', await compose({ ...base, subject: 'Absence', headers: { 'X-Autoreply': 'yes' } }));
    await imap().deliver(
      'dnum',
      await compose({ ...base, from: 'MAILER-DAEMON@univ.example.fr', subject: 'Undelivered Mail Returned to Sender' }),
    );
    const report = Buffer.from(
      `From: postmaster@exterieur.example.org\r\nTo: assistance@univ.example.fr\r\nSubject: Delivery Status Notification\r\nReturn-Path: <>\r\nMessage-ID: <dsn-${Date.now()}@exterieur.example.org>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nFailed\r\n--b--\r\n`,
    );
    await imap().deliver('dnum', report);
    await imap().deliver(
      'dnum',
      await compose({ ...base, subject: 'Re: votre ticket', headers: { 'X-Loop': 'assistance@autre-universite.example.org' } }),
    );
    const before = (await ticketsOf(s.owner.email!)).length;
    const filed = await app.inbox.readAll();
    expect(filed.map((f) => f.outcome)).toEqual(['ignored', 'ignored', 'ignored', 'ignored', 'ignored', 'ignored']);
    expect(filed.map((f) => f.reason)).toEqual(['auto-submitted', 'bulk', 'auto-reply', 'robot', 'bounce', 'loop']);
    expect((await ticketsOf(s.owner.email!)).length).toBe(before);
  });

  it("should land the owner's reply as the answer and move INCOMPLETE back to IN_PROGRESS, quoted history trimmed", async () => {
    const { ticketId: filedId, messageId: original } = await ownersTicket('Wifi', 'Le wifi coupe.');
    const ticketId = String(filedId);
    ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId }, 'id'));
    ok(await callAction(app, s.manager.uid, 'requestInformation', { ticketId, message: 'Dans quel bâtiment ?' }, 'id'));
    const reply = await compose({
      from: s.owner.email!,
      to: 'assistance@univ.example.fr',
      subject: 'Re: Wifi',
      inReplyTo: original,
      references: [original],
      text: 'Bâtiment C, 2e étage.\n\nLe lun. 7 déc. 2026 à 10:00, Assistance <assistance@univ.example.fr> a\nécrit :\n> Dans quel bâtiment ?\n> Le wifi coupe.\n',
    });
    await imap().deliver('dnum', reply);
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['comment']);
    const [row] = await app
      .em()
      .execute<{ status: string; type: string; message: string; actor_id: number }[]>(
        'select t.status, e.type, e.message, e.actor_id from ticket t join ticket_event e on e.ticket_id = t.id where t.id = ? order by e.id desc limit 1',
        [filedId],
      );
    expect(row).toEqual({
      status: 'IN_PROGRESS',
      type: 'INFORMATION_GIVEN',
      message: '<p>Bâtiment C, 2e étage.</p>',
      actor_id: s.owner.id,
    });
  });

  it('should refuse, and write nothing, a reply by someone who may not comment on the ticket', async () => {
    const original = await ownersTicket('Privé', 'Secret');
    await imap().deliver(
      'dnum',
      await compose({
        from: s.stranger.email!,
        to: 'assistance@univ.example.fr',
        subject: 'Re: Privé',
        inReplyTo: original.messageId,
        text: 'Je m’en mêle.',
      }),
    );
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['refused']);
    expect(await entries(original.ticketId)).toBe(1);
  });

  it('should refuse a reply without a token whose From is a staff address: the From line proves nothing', async () => {
    const original = await ownersTicket('Mot de passe', 'Oublié');
    // Someone writes the manager's address in From, in the thread of the owner's mail.
    await imap().deliver(
      'dnum',
      await compose({
        from: s.manager.email!,
        to: 'assistance@univ.example.fr',
        subject: 'Re: Mot de passe',
        inReplyTo: original.messageId,
        text: 'Envoyez-moi votre mot de passe.',
      }),
    );
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['refused']);
    expect(await entries(original.ticketId)).toBe(1);
  });

  it('should read everything once after the IMAP server was down: nothing lost, nothing twice', async () => {
    await imap().deliver(
      'dnum',
      await compose({ from: s.manager.email!, to: 'assistance@univ.example.fr', subject: 'Pendant la panne 1', text: 'un' }),
    );
    await imap().deliver(
      'dnum',
      await compose({ from: s.manager.email!, to: 'assistance@univ.example.fr', subject: 'Pendant la panne 2', text: 'deux' }),
    );
    await imap().down();
    try {
      expect(await app.inbox.readAll()).toEqual([]);
      const boxes = ok(
        await app.gql<{ mailboxes: { id: string; lastError: string | null }[] }>(s.supervisor.uid, '{ mailboxes { id lastError } }'),
      );
      expect(boxes.mailboxes.find((m) => m.id === mailIn.mailboxId)?.lastError).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await imap().up();
    }
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['ticket', 'ticket']);
    expect(await app.inbox.readAll()).toEqual([]);
    expect((await ticketsOf(s.manager.email!)).map((t) => t.subject)).toEqual(['Pendant la panne 1', 'Pendant la panne 2']);
    const boxes = ok(
      await app.gql<{ mailboxes: { id: string; lastError: string | null }[] }>(s.supervisor.uid, '{ mailboxes { id lastError } }'),
    );
    expect(boxes.mailboxes.find((m) => m.id === mailIn.mailboxId)?.lastError).toBeNull();
  });

  it('should say why a mailbox could not be read when its password is wrong, and read it once set right', async () => {
    const save = 'mutation($id: ID, $input: MailboxInput!) { saveMailbox(id: $id, input: $input) { id } }';
    const input = { categoryId: String(s.category.id), host: imap().host, port: imap().port, tls: false, user: 'dnum' };
    ok(await app.gql(s.supervisor.uid, save, { id: mailIn.mailboxId, input: { ...input, password: 'wrong' } }));
    await imap().deliver(
      'dnum',
      await compose({ from: s.manager.email!, to: 'assistance@univ.example.fr', subject: 'Mauvais mot de passe', text: 'trois' }),
    );
    expect(await app.inbox.readAll()).toEqual([]);
    const read = async (): Promise<string | null | undefined> =>
      ok(
        await app.gql<{ mailboxes: { id: string; lastError: string | null }[] }>(s.supervisor.uid, '{ mailboxes { id lastError } }'),
      ).mailboxes.find((m) => m.id === mailIn.mailboxId)?.lastError;
    expect(await read()).toMatch(/auth/i);
    expect(await read()).not.toContain('wrong');
    ok(await app.gql(s.supervisor.uid, save, { id: mailIn.mailboxId, input: { ...input, password: 'secret-dnum' } }));
    expect((await app.inbox.readAll()).map((f) => f.outcome)).toEqual(['ticket']);
    expect(await read()).toBeNull();
  });

  it('should end a loop with another helpdesk: its receipts are auto-submitted, and a sender past its hourly limit files nothing more', async () => {
    const other = 'assistance@autre-universite.example.org';
    await imap().deliver(
      'dnum',
      await compose({
        from: other,
        to: 'assistance@univ.example.fr',
        subject: 'Ticket n°1 créé',
        text: 'Accusé de réception',
        headers: { 'Auto-Submitted': 'auto-generated' },
      }),
    );
    // A helpdesk that marks nothing: each of its mails would file a ticket and bring one more receipt.
    for (let i = 1; i <= 12; i++)
      await imap().deliver(
        'dnum',
        await compose({ from: other, to: 'assistance@univ.example.fr', subject: `Re: [Ticket] ${i}`, text: 'Accusé' }),
      );
    const filed = await app.inbox.readAll();
    expect(filed.map((f) => f.outcome)).toEqual(['ignored', ...Array<string>(10).fill('ticket'), 'limited', 'limited']);
    expect(await ticketsOf(other)).toHaveLength(10);
  });
});
