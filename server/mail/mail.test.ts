import { afterAll, describe, expect, it } from 'vitest';
import { fileTicket, makeUser, unique } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok, type GqlResult } from '../../test/harness.js';
import { SmtpSink, type SunkMail } from '../../test/smtp-sink.js';
import { until } from '../../test/until.js';
import { TEXT } from '../../test/file-samples.js';
import { gqlUpload } from '../../test/uploads.js';
import { User } from '../model/user.entity.js';
import { readReplyToken } from './reply-token.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';

describe('mail out, against a real SMTP server', () => {
  let sink: SmtpSink;
  const app = useTestApp(async () => {
    sink = await SmtpSink.start();
    return {
      SMTP_URL: sink.url,
      MAIL_FROM: 'Assistance <assistance@univ.example.fr>',
      MAIL_REPLY_ADDRESS: 'helpdesk@univ.example.fr',
      TICKET_URL_TEMPLATE: 'https://ent.example.fr/assistance?ticket={number}',
      FILE_URL_SECRET: SECRET,
      MAIL_RETRY_DELAY_SECONDS: '1',
      MAIL_RETRY_LIMIT: '6',
      LOG_LEVEL: process.env.MAIL_TEST_LOG ?? 'silent',
    };
  });
  const s = useScene(app);
  afterAll(async () => {
    await sink.stop();
  });

  const about = (ticketId: string): SunkMail[] =>
    sink.mails.filter((m) => m.subject.includes(`n°${ticketId}]`) || m.subject.includes(`no.${ticketId}]`));
  const to = (mails: SunkMail[], user: User): SunkMail[] => mails.filter((m) => m.rcptTo.includes(user.email!));

  it('should send the owner a receipt in French with the number, the links, a reply token and threading, and alert the staff, never the author', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Imprimante en panne' });
    // The staff with alerts on (all by default) and the owner: four mails.
    const mails = await until(() => about(id).length >= 3 && about(id));
    await sleep(1500);
    const receipt = to(about(id), s.owner);
    expect(receipt).toHaveLength(1);
    const mail = receipt[0];
    expect(mail.subject).toBe(`[Assistance n°${id}] Création du ticket — Imprimante en panne`);
    expect(mail.text).toContain(`enregistrée sous le numéro ${id}`);
    expect(mail.text).toContain(`https://ent.example.fr/assistance?ticket=${id}`);
    expect(mail.html).toContain('Je ne peux pas me connecter.');
    const header = (name: string): string | undefined =>
      mail.headerLines
        .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
        ?.slice(name.length + 1)
        .trim();
    const replyTo = header('Reply-To')!;
    const token = /^helpdesk\+([a-z0-9-]+)@univ\.example\.fr$/.exec(replyTo)![1];
    expect(readReplyToken(SECRET, token)).toMatchObject({ ticketId: Number(id), userId: s.owner.id, expired: false });
    expect(header('Message-ID')).toMatch(/^<helpdesk\.\d+\.[0-9a-f]{16}@univ\.example\.fr>$/);
    expect(header('In-Reply-To')).toBe(`<helpdesk.ticket.${id}@univ.example.fr>`);
    expect(header('References')).toBe(`<helpdesk.ticket.${id}@univ.example.fr>`);
    for (const staff of [s.manager, s.manager2, s.supervisor]) expect(to(mails, staff)).toHaveLength(1);
    expect(to(about(id), s.stranger)).toHaveLength(0);
  });

  it('should mail a comment to whoever may read it, never its author, and nothing for a silent action or a staff note', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    await until(() => to(about(id), s.owner).length >= 2);
    const before = about(id).length;
    ok(
      await app.gql(
        s.manager.uid,
        'mutation($id: ID!) { addComment(ticketId: $id, message: "<p>Note interne</p>", visibility: STAFF) { id } }',
        { id },
      ),
    );
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!) { addComment(ticketId: $id, message: "<p>Chut</p>", silent: true) { id } }', { id }),
    );
    ok(await app.gql(s.owner.uid, 'mutation($id: ID!) { addComment(ticketId: $id, message: "<p>Merci !</p>") { id } }', { id }));
    // The owner's comment goes to the ticket manager; the staff note to nobody (its author manages the ticket).
    const toManager = await until(() => to(about(id), s.manager).find((m) => m.text.includes('Merci !')));
    expect(toManager.subject).toBe(`[Assistance n°${id}] Commentaire — Connexion impossible`);
    await sleep(2000);
    const later = about(id).slice(before);
    expect(later.map((m) => m.rcptTo)).toEqual([[s.manager.email]]);
    expect(later.some((m) => m.text.includes('Note interne') || m.text.includes('Chut'))).toBe(false);
  });

  it('should write in English for an English speaker, with approve and refuse links on a closure request', async () => {
    const owner = await makeUser(app.em(), unique('anglo'), { locale: 'en' });
    const id = await fileTicket(app, owner.uid, s.category.id, { subject: 'Printer' });
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { requestClosure(ticketId: $id, message: "<p>Done</p>") { id } }', { id }));
    const mail = await until(() => to(about(id), owner).find((m) => m.subject.includes('Closure requested')));
    expect(mail.subject).toBe(`[Helpdesk no.${id}] Closure requested — Printer`);
    expect(mail.text).toContain(`?ticket=${id}&action=approve`);
    expect(mail.text).toContain(`?ticket=${id}&action=refuse`);
    expect(mail.html).toContain(`?ticket=${id}&#38;action=approve`);
  });

  it('should let no CR or LF of a subject or a display name add a header or a recipient', async () => {
    // Display names come from the identity provider's claims at sign-in: that is where a CR/LF would come from.
    const evil = await makeUser(app.em(), unique('evil'));
    const as = async (uid: string, name: string, query: string, variables: Record<string, unknown>): Promise<GqlResult> => {
      const token = await app.token(uid, { name, email: uid === evil.uid ? evil.email! : s.manager.email! });
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    };
    const filed = await as(
      evil.uid,
      'Eve\r\nBcc: victim@evil.example\r\nX-Injected: yes',
      'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }',
      {
        input: { categoryId: String(s.category.id), subject: 'Bonjour\r\nBcc: victim@evil.example', message: '<p>Salut</p>' },
      },
    );
    const id = (ok(filed) as { createTicket: { id: string } }).createTicket.id;
    ok(await as(s.manager.uid, 'Manager\r\nCc: other@evil.example', 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    const taken = await until(() => to(about(id), evil).find((m) => m.subject.includes('Prise en charge')));
    for (const mail of about(id)) {
      expect(mail.headerLines.filter((line) => /^(bcc|cc|x-injected):/i.test(line))).toEqual([]);
      expect(mail.rcptTo.some((r) => r.includes('evil.example'))).toBe(false);
      expect(mail.headerLines.filter((line) => /^subject:/i.test(line))).toHaveLength(1);
    }
    expect(taken.text).toContain('Par Manager Cc: other@evil.example.');
    expect(taken.subject).not.toMatch(/[\r\n]/);
  });

  it('should let no CR or LF of a file name add a header, and escape it in the HTML', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    ok(
      await gqlUpload(app, s.owner.uid, {
        query: 'mutation($id: ID!, $files: [Upload!]!) { attachFiles(ticketId: $id, files: $files) { id } }',
        variables: { id, files: [null] },
        files: [{ path: 'variables.files.0', name: 'rapport\r\nBcc: victim@evil.example\r\n<b>x<b>.txt', bytes: TEXT, extendedName: true }],
      }),
    );
    const mail = await until(() => to(about(id), s.manager).find((m) => m.subject.includes('Fichiers attachés')));
    expect(mail.headerLines.filter((line) => /^bcc:/i.test(line))).toEqual([]);
    expect(mail.rcptTo).toEqual([s.manager.email]);
    expect(mail.text).toMatch(/- rapport.*Bcc: victim@evil\.example.*\.txt/);
    expect(mail.html).not.toContain('<b>x');
    expect(mail.html).toContain('&#60;b&#62;x');
  });

  it('should skip and record a recipient without a usable address, and still send the others', async () => {
    const noMail = await makeUser(app.em(), unique('nomail'));
    await app.em().nativeUpdate(User, { id: noMail.id }, { email: null });
    const badMail = await makeUser(app.em(), unique('badmail'));
    await app.em().nativeUpdate(User, { id: badMail.id }, { email: 'not an address, victim@evil.example' });
    const id = await fileTicket(app, noMail.uid, s.category.id);
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', {
        id,
        u: badMail.uid,
      }),
    );
    await until(() => to(about(id), s.manager2).length === 1);
    const failures = await until(async () => {
      const rows = await app
        .em()
        .execute<{ user_id: number; reason: string }[]>('select user_id, reason from mail_failure where ticket_id = ? order by id', [
          Number(id),
        ]);
      return rows.length >= 2 && rows;
    });
    expect(failures).toEqual([
      { user_id: noMail.id, reason: 'no address' },
      { user_id: badMail.id, reason: 'invalid address' },
    ]);
    const history = await app
      .em()
      .execute<{ visibility: string; message: string }[]>(
        "select visibility, message from ticket_event where ticket_id = ? and type = 'MAIL_FAILED'",
        [Number(id)],
      );
    expect(history).toHaveLength(2);
    expect(history.every((h) => h.visibility === 'STAFF')).toBe(true);
    expect(sink.mails.some((m) => m.rcptTo.some((r) => r.includes('evil.example')))).toBe(false);
    const listed = await app.gql<{ mailFailures: { ticketId: number; reason: string }[] }>(
      s.admin.uid,
      '{ mailFailures { ticketId reason } }',
    );
    expect(listed.data?.mailFailures.filter((f) => f.ticketId === Number(id))).toHaveLength(2);
    const refused = await app.gql(s.owner.uid, '{ mailFailures { ticketId } }');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('should not retry a 550, and record it', async () => {
    const bouncer = await makeUser(app.em(), unique('bouncer'), { email: `bounce${Date.now()}@univ.example.fr` });
    const id = await fileTicket(app, bouncer.uid, s.category.id);
    await until(() => to(about(id), s.manager).length === 1);
    const [failure] = await until(async () => {
      const rows = await app
        .em()
        .execute<{ reason: string; message_id: string }[]>('select reason, message_id from mail_failure where ticket_id = ?', [Number(id)]);
      return rows.length > 0 && rows;
    });
    expect(failure.reason).toContain('550');
    await sleep(3000);
    expect(sink.attempts.filter((a) => a.messageId === failure.message_id)).toHaveLength(0); // refused at RCPT: never reached DATA
    const [{ n }] = await app.em().execute<{ n: string }[]>('select count(*) as n from mail_failure where ticket_id = ?', [Number(id)]);
    expect(Number(n)).toBe(1);
  });

  it('should retry a 451 with the same Message-ID until it is accepted, once', async () => {
    sink.mode = 'tempfail';
    const id = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Retry me' });
    const tries = () => sink.attempts.filter((a) => a.subject.includes(`n°${id}]`) && a.rcptTo.includes(s.owner.email!));
    try {
      await until(() => tries().length >= 2);
    } finally {
      sink.mode = 'accept';
    }
    const receipt = await until(() => to(about(id), s.owner)[0]);
    expect(new Set(tries().map((a) => a.messageId))).toEqual(new Set([receipt.messageId]));
    expect(tries().length).toBeGreaterThanOrEqual(3);
    await sleep(3000);
    expect(to(about(id), s.owner)).toHaveLength(1);
  });

  it('should deliver every mail once when SMTP is down for a while and back', async () => {
    await sink.down();
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) ids.push(await fileTicket(app, s.owner.uid, s.category.id, { subject: `Pendant la panne ${i}` }));
      await sleep(4000);
    } finally {
      await sink.up();
    }
    await until(() => ids.every((id) => to(about(id), s.owner).length === 1), 60_000);
    await sleep(3000);
    for (const id of ids) expect(to(about(id), s.owner)).toHaveLength(1);
    const sent = sink.mails.filter((m) => ids.some((id) => m.subject.includes(`n°${id}]`)));
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(sent.length);
  });

  it('should send no mail for an action rolled back', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    await until(() => to(about(id), s.manager).length === 1);
    let failing = true;
    app.hooks.onInTransaction((_tx, change) =>
      failing && change.ticketId === Number(id) ? Promise.reject(new Error('boom')) : Promise.resolve(),
    );
    const result = await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id });
    failing = false;
    expect(result.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    await sleep(3000);
    expect(about(id).filter((m) => m.subject.includes('Prise en charge'))).toHaveLength(0);
    const [{ n }] = await app
      .em()
      .execute<{ n: string }[]>(
        "select count(*) as n from pgboss.job where name = 'mail-event' and data->>'eventId' in (select id::text from ticket_event where ticket_id = ?)",
        [Number(id)],
      );
    expect(Number(n)).toBe(1); // the CREATED entry's only
  });
});
