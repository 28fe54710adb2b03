import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileTicket, makeUser, unique } from '../../test/factories.js';
import { PDF, TEXT } from '../../test/file-samples.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok, type TestApp } from '../../test/harness.js';
import { gqlUpload } from '../../test/uploads.js';
import { ANONYMISED_SUBJECT, anonymiseOldTickets, FORGOTTEN_NAME, pseudonymOf } from './privacy.service.js';

const EXPORT = 'query($u: String!) { personalData(user: $u) }';
const FORGET = 'mutation($u: String!) { forgetPerson(user: $u) }';
const ATTACH = 'mutation($id: ID!, $files: [Upload!]!) { attachFiles(ticketId: $id, files: $files) { id } }';
const HISTORY = `query($id: ID!) { ticket(id: $id) { owner { uid displayName email } history { type message actor { uid displayName }
  changes { property before after } attachments { id } } } }`;

interface Exported {
  profile: { uid: string; displayName: string; email: string | null };
  preferences: { language: string };
  ticketsOwned: { id: number; subject: string }[];
  entriesWritten: { ticketId: number; type: string; message: string | null }[];
  filesUploaded: { filename: string; size: number }[];
  invitations: { ticketId: number; invitedBy: string }[];
  memberships: unknown[];
  mailsReceived: { outcome: string; ticketId: number | null }[];
}

/** A mail from `address` as mail in remembers it, in a mailbox of the scene's category. */
async function mailFrom(app: TestApp, categoryId: number, address: string, ticketId: string): Promise<void> {
  const em = app.em();
  const [box] = await em.execute<{ id: number }[]>(
    `insert into mailbox (category_id, host, port, tls, username, password_secret) values (?, '127.0.0.1', 143, false, ?, 'x') returning id`,
    [categoryId, unique('box')],
  );
  await em.execute(`insert into inbox_message (mailbox_id, message_id, sender, outcome, ticket_id) values (?, ?, ?, 'filed', ?)`, [
    box.id,
    `<${unique('in')}@test>`,
    address.toLowerCase(),
    ticketId,
  ]);
}

async function storedFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const sub of await readdir(dir).catch(() => [])) {
    for (const name of await readdir(path.join(dir, sub)).catch(() => [])) found.push(`${sub}/${name}`);
  }
  return found;
}

async function attach(app: TestApp, uid: string, ticketId: string, name: string, bytes: Buffer): Promise<void> {
  ok(
    await gqlUpload(app, uid, {
      query: ATTACH,
      variables: { id: ticketId, files: [null] },
      files: [{ path: 'variables.files.0', name, bytes }],
    }),
  );
}

describe('personal data (GDPR): export and erasure', () => {
  const app = useTestApp();
  const s = useScene(app);

  /** A person with a ticket, a message, a file, an invitation received and preferences; returns their uid and ticket ids. */
  async function departedPerson(): Promise<{ uid: string; own: string; invitedTo: string }> {
    const person = await makeUser(app.em(), unique('depart'), { displayName: 'Hélène Départ', email: `${unique('h')}@univ.example.fr` });
    const own = await fileTicket(app, person.uid, s.category.id, { subject: 'Mon badge ne marche plus' });
    await attach(app, person.uid, own, 'releve.pdf', PDF);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id: own }));
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!, $m: String!) { addComment(ticketId: $id, message: $m) { id } }', {
        id: own,
        m: '<p>Je regarde.</p>',
      }),
    );
    const invitedTo = await fileTicket(app, s.owner.uid, s.category.id);
    ok(
      await app.gql(s.owner.uid, 'mutation($id: ID!, $u: String!) { inviteUser(ticketId: $id, user: $u) { id } }', {
        id: invitedTo,
        u: person.uid,
      }),
    );
    ok(
      await app.gql(person.uid, 'mutation($id: ID!, $m: String!) { addComment(ticketId: $id, message: $m) { id } }', {
        id: invitedTo,
        m: '<p>Moi aussi.</p>',
      }),
    );
    await attach(app, person.uid, invitedTo, 'journal.txt', TEXT);
    ok(await app.gql(person.uid, 'mutation { updatePreferences(input: { language: "en" }) { user { uid } } }'));
    return { uid: person.uid, own, invitedTo };
  }

  it('should refuse both to anyone but an admin (FORBIDDEN), staff and supervisors included', async () => {
    for (const uid of [s.owner.uid, s.manager.uid, s.supervisor.uid]) {
      expect(errorCode(await app.gql(uid, EXPORT, { u: s.stranger.uid }))).toBe('FORBIDDEN');
      expect(errorCode(await app.gql(uid, FORGET, { u: s.stranger.uid }))).toBe('FORBIDDEN');
    }
    expect(errorCode(await app.gql(s.owner.uid, EXPORT, { u: s.owner.uid }))).toBe('FORBIDDEN');
    const [row] = await app.em().execute<{ uid: string }[]>('select uid from app_user where id = ?', [s.stranger.id]);
    expect(row.uid).toBe(s.stranger.uid);
  });

  it('should answer NOT_FOUND for an unknown user', async () => {
    expect(errorCode(await app.gql(s.admin.uid, EXPORT, { u: 'nobody-at-all' }))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(s.admin.uid, FORGET, { u: 'nobody-at-all' }))).toBe('NOT_FOUND');
    expect(errorCode(await app.gql(s.admin.uid, FORGET, { u: '999999999' }))).toBe('NOT_FOUND');
  });

  it('should export everything about one person as JSON, and record it', async () => {
    const person = await departedPerson();
    const [{ email }] = await app.em().execute<{ email: string }[]>('select email from app_user where uid = ?', [person.uid]);
    await mailFrom(app, s.category.id, email.toUpperCase(), person.own);
    const data = JSON.parse(ok(await app.gql<{ personalData: string }>(s.admin.uid, EXPORT, { u: person.uid })).personalData) as Exported;
    // Sign-in names people from their token's claims (the test tokens' name is the uid).
    expect(data.profile).toMatchObject({ uid: person.uid, displayName: person.uid });
    expect(data.preferences.language).toBe('en');
    expect(data.ticketsOwned.map((t) => [String(t.id), t.subject])).toEqual([[person.own, 'Mon badge ne marche plus']]);
    expect(data.entriesWritten.map((e) => e.type)).toEqual(expect.arrayContaining(['CREATED', 'COMMENTED', 'FILES_ATTACHED']));
    expect(data.entriesWritten.find((e) => e.type === 'COMMENTED')?.message).toContain('Moi aussi.');
    expect(data.filesUploaded.map((f) => [f.filename, f.size])).toEqual([
      ['releve.pdf', PDF.length],
      ['journal.txt', TEXT.length],
    ]);
    expect(data.invitations).toEqual([expect.objectContaining({ ticketId: Number(person.invitedTo), invitedBy: s.owner.uid })]);
    expect(data.mailsReceived).toEqual([expect.objectContaining({ outcome: 'filed', ticketId: Number(person.own) })]);
    const audit = await app
      .em()
      .execute(
        'select a.action, u.uid as actor from privacy_audit a join app_user u on u.id = a.actor_id where a.subject_id = (select id from app_user where uid = ?)',
        [person.uid],
      );
    expect(audit).toEqual([{ action: 'PERSONAL_DATA', actor: s.admin.uid }]);
  });

  it('should erase a departed person: pseudonym, bytes gone, history readable by the others as "Personne supprimée"', async () => {
    const person = await departedPerson();
    const filesBefore = await storedFiles(app.filesDir);
    // A mail to them that failed: mail out records the address and names them in a staff-only entry.
    const em = app.em();
    const [{ id: personId, email }] = await em.execute<{ id: number; email: string }[]>('select id, email from app_user where uid = ?', [
      person.uid,
    ]);
    await em.execute(`insert into mail_failure (ticket_id, user_id, address, message_id, reason) values (?, ?, ?, ?, 'refused')`, [
      person.own,
      personId,
      email,
      `<${unique('m')}@test>`,
    ]);
    await em.execute(
      `insert into ticket_event (ticket_id, type, at, status_before, status_after, message, visibility, changes, silent)
       select id, 'MAIL_FAILED', now(), status, status, ?, 'STAFF', '[]', true from ticket where id = ?`,
      [`<p>${person.uid} &lt;${email}&gt; : refused</p>`, person.own],
    );
    await mailFrom(app, s.category.id, email, person.own);
    await mailFrom(app, s.category.id, 'someone.else@example.org', person.own);
    expect(ok(await app.gql<{ forgetPerson: boolean }>(s.admin.uid, FORGET, { u: person.uid })).forgetPerson).toBe(true);
    // Mail in keeps the mails, not the address; another sender's stays.
    const senders = await app
      .em()
      .execute<{ sender: string | null }[]>('select sender from inbox_message where ticket_id = ? order by sender nulls first', [
        person.own,
      ]);
    expect(senders).toEqual([{ sender: null }, { sender: 'someone.else@example.org' }]);
    const mailed = await app.em().execute<{ address: string | null }[]>('select address from mail_failure where user_id = ?', [personId]);
    expect(mailed).toEqual([{ address: null }]);
    const [failed] = await app
      .em()
      .execute<{ message: string }[]>(`select message from ticket_event where ticket_id = ? and type = 'MAIL_FAILED'`, [person.own]);
    expect(failed.message).not.toContain(email);
    expect(failed.message).not.toContain(person.uid);

    const [row] = await app
      .em()
      .execute<{ uid: string; display_name: string; email: string | null; forgotten_at: Date | null }[]>(
        'select uid, display_name, email, forgotten_at from app_user where uid = ?',
        [pseudonymOf(person.uid)],
      );
    expect(row).toMatchObject({ uid: pseudonymOf(person.uid), display_name: FORGOTTEN_NAME, email: null });
    expect(row.forgotten_at).not.toBeNull();
    // Their two files' bytes are gone; every other file stays.
    const filesAfter = await storedFiles(app.filesDir);
    expect(filesBefore.length - filesAfter.length).toBe(2);
    expect(filesAfter.every((f) => filesBefore.includes(f))).toBe(true);

    // The manager still reads the ticket's whole history; the person's name is nowhere.
    const own = ok(
      await app.gql<{
        ticket: {
          owner: { uid: string; displayName: string };
          history: { type: string; actor: { displayName: string } | null; changes: { after: string | null }[]; attachments: unknown[] }[];
        };
      }>(s.manager.uid, HISTORY, { id: person.own }),
    );
    expect(own.ticket.owner.displayName).toBe(FORGOTTEN_NAME);
    expect(own.ticket.history[0]).toMatchObject({ type: 'CREATED', actor: { displayName: FORGOTTEN_NAME } });
    expect(own.ticket.history.map((h) => h.type)).toEqual(expect.arrayContaining(['FILES_ATTACHED', 'TAKEN', 'COMMENTED']));
    expect(JSON.stringify(own)).not.toContain(person.uid);
    const invited = ok(
      await app.gql<{
        ticket: {
          history: {
            type: string;
            message: string | null;
            actor: { displayName: string } | null;
            changes: { before: string | null; after: string | null }[];
          }[];
        };
      }>(s.owner.uid, HISTORY, { id: person.invitedTo }),
    );
    const comment = invited.ticket.history.find((h) => h.type === 'COMMENTED');
    expect(comment).toMatchObject({ actor: { displayName: FORGOTTEN_NAME } });
    expect(comment?.message).toContain('Moi aussi.');
    expect(invited.ticket.history.find((h) => h.type === 'INVITED')?.changes).toEqual([
      { property: expect.any(String) as string, before: null, after: FORGOTTEN_NAME },
    ]);
    expect(JSON.stringify(invited)).not.toContain(person.uid);

    const audit = await app
      .em()
      .execute('select action from privacy_audit where subject_id = (select id from app_user where uid = ?)', [pseudonymOf(person.uid)]);
    expect(audit).toEqual([{ action: 'FORGET_PERSON' }]);
  });

  it('should be idempotent: a second erasure (by the same uid) answers true and changes nothing', async () => {
    const person = await departedPerson();
    ok(await app.gql(s.admin.uid, FORGET, { u: person.uid }));
    const snapshot = async (): Promise<unknown> =>
      app
        .em()
        .execute('select u.*, (select count(*) from privacy_audit a where a.subject_id = u.id) as audits from app_user u where uid = ?', [
          pseudonymOf(person.uid),
        ]);
    const before = await snapshot();
    expect(ok(await app.gql<{ forgetPerson: boolean }>(s.admin.uid, FORGET, { u: person.uid })).forgetPerson).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

describe('retention (RETENTION_YEARS): old ended tickets anonymised', () => {
  const app = useTestApp();
  const s = useScene(app);

  it('should anonymise the tickets ended longer ago than the setting, and only those, once', async () => {
    const old = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Ancienne demande' });
    await attach(app, s.owner.uid, old, 'ancien.pdf', PDF);
    const recent = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Demande récente' });
    const open = await fileTicket(app, s.owner.uid, s.category.id, { subject: 'Demande ouverte' });
    const em = app.em();
    await em.execute(`update ticket set status = 'APPROVED', ended_at = now() - interval '6 years' where id = ?`, [old]);
    await em.execute(`update ticket set status = 'APPROVED', ended_at = now() - interval '4 years' where id = ?`, [recent]);
    await em.execute(`update ticket set created_at = now() - interval '9 years' where id = ?`, [open]);
    const files = (await storedFiles(app.filesDir)).length;

    expect(await anonymiseOldTickets(app.em(), app.fileStore, 5)).toBe(1);
    const rows = await app.em().execute<{ id: number; subject: string; messages: number }[]>(
      `select t.id, t.subject, (select count(*)::int from ticket_event e where e.ticket_id = t.id and e.message is not null) as messages
         from ticket t where t.id = any(?::int[]) order by t.id`,
      [`{${old},${recent},${open}}`],
    );
    expect(rows).toEqual([
      { id: Number(old), subject: ANONYMISED_SUBJECT, messages: 0 },
      { id: Number(recent), subject: 'Demande récente', messages: 1 },
      { id: Number(open), subject: 'Demande ouverte', messages: 1 },
    ]);
    expect((await storedFiles(app.filesDir)).length).toBe(files - 1);
    // The search no longer finds it by its old words.
    const found = await app
      .em()
      .execute(`select 1 from ticket_search where ticket_id = ? and document @@ plainto_tsquery('simple', 'ancienne')`, [old]);
    expect(found).toEqual([]);
    expect(await anonymiseOldTickets(app.em(), app.fileStore, 5)).toBe(0);
  });
});
