import { beforeAll, describe, expect, it } from 'vitest';
import { callAction } from '../../test/actions.js';
import { fileTicket, makeCategory, makeDepartment, makeMember, makeUser } from '../../test/factories.js';
import { useScene } from '../../test/fixture.js';
import { ok, startAnotherInstance } from '../../test/harness.js';
import { useMailApp, type SunkMail } from '../../test/smtp-sink.js';
import { until } from '../../test/until.js';
import { label } from '../labels/labels.js';
import type { User } from '../model/user.entity.js';
import { DAY_MS } from '../shared/values.js';
import { DIGEST_QUEUE, digestSlot, sendDigests } from './digest.js';
import { nameUuid } from './mail-message.js';

const HOUR_MS = 3_600_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The next Monday at 08:00 UTC, two days ahead at least: every test's clock counts from it. */
function nextMondayAt8(): Date {
  const day = new Date(Date.now() + 2 * DAY_MS);
  day.setUTCHours(8, 0, 0, 0);
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

/** The ticket numbers listed under a heading of a digest's text. */
function listed(mail: SunkMail, key: string, lang: 'fr' | 'en' = 'fr'): number[] {
  const lines = mail.text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(label('mail', key, lang)));
  if (start < 0) return [];
  const numbers: number[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^- (?:n°|no\.)(\d+) /.exec(line);
    if (!match) break;
    numbers.push(Number(match[1]));
  }
  return numbers;
}

describe('the daily digest (controllable clock, real SMTP)', () => {
  const smtp = useMailApp({ TICKET_URL_TEMPLATE: 'https://ent.example.fr/assistance?ticket={number}' });
  const { app } = smtp;
  const s = useScene(app);

  const monday8 = nextMondayAt8();
  const saturday8 = new Date(monday8.getTime() + 5 * DAY_MS);
  const mailConfig = {
    from: 'Assistance <helpdesk@univ.example.fr>',
    ticketUrlTemplate: 'https://ent.example.fr/assistance?ticket={number}',
  };
  const pass = (at: Date): Promise<number> => sendDigests(app.orm.em, app.jobs, mailConfig, at, 'UTC');
  /** The digests one person got for the hour of `at` (the Message-ID names the person and the hour). */
  const digestsOf = (user: User, at: Date): SunkMail[] =>
    smtp.sink.mails.filter((m) => m.messageId.startsWith(`<helpdesk.digest.${user.id}.${Math.floor(at.getTime() / HOUR_MS)}@`));
  const ticket: Record<string, number> = {};
  let both: User; // member of two departments, 8:00 in each
  let split: User; // member of two departments, 8:00 in one and 17:00 in the other
  let idle: User; // 8:00 in a department with nothing to do
  let bounced: User; // 8:00, an address the SMTP server refuses for good

  const setDigest = async (uid: string, departmentId: number, hours: number[], weekends = false): Promise<void> => {
    ok(
      await app.gql(
        uid,
        `mutation($d: ID!, $h: [Int!], $w: Boolean) { updateMyMembership(departmentId: $d, digestHours: $h, digestWeekends: $w) { id } }`,
        { d: String(departmentId), h: hours, w: weekends },
      ),
    );
  };
  const act = async (uid: string, name: string, args: Record<string, unknown>): Promise<void> => {
    ok(await callAction(app, uid, name, args, 'id'));
  };
  const file = async (key: string, categoryId = s.category.id): Promise<number> => {
    ticket[key] = Number(await fileTicket(app, s.owner.uid, categoryId, { subject: `Sujet ${key}` }));
    return ticket[key];
  };

  beforeAll(async () => {
    const em = app.em();
    const other = await makeDepartment(em);
    const otherCategory = await makeCategory(em, other);
    const empty = await makeDepartment(em);
    [both, split, idle] = await Promise.all(['both', 'split', 'idle'].map((p) => makeUser(app.em(), `${p}${Date.now()}`)));
    await makeMember(em, s.department, both);
    await makeMember(em, other, both);
    await makeMember(em, s.department, split);
    await makeMember(em, other, split);
    await makeMember(em, empty, idle);
    bounced = await makeUser(em, `bounced${Date.now()}`, { email: `bounce${Date.now()}@univ.example.fr` });
    await makeMember(em, s.department, bounced);
    await em.execute("update app_user set locale = 'en' where id = ?", [s.manager2.id]);

    await file('queue');
    await file('otherQueue', otherCategory.id);
    for (const key of ['waiting', 'expiring', 'expiringLater', 'returning', 'returningLater', 'incomplete'])
      await act(s.manager.uid, 'takeTicket', { ticketId: await file(key) });
    await act(s.manager2.uid, 'takeTicket', { ticketId: await file('ofManager2') });
    await act(s.manager.uid, 'requestClosure', { ticketId: ticket.expiring, message: '<p>Réglé</p>' });
    await act(s.manager.uid, 'requestClosure', { ticketId: ticket.expiringLater, message: '<p>Réglé</p>' });
    await act(s.manager.uid, 'requestInformation', { ticketId: ticket.incomplete, message: '<p>Quel navigateur ?</p>' });
    await act(s.manager.uid, 'postponeTicket', {
      ticketId: ticket.returning,
      until: new Date(monday8.getTime() + 5 * HOUR_MS).toISOString(),
    });
    await act(s.manager.uid, 'postponeTicket', {
      ticketId: ticket.returningLater,
      until: new Date(monday8.getTime() + 3 * DAY_MS).toISOString(),
    });
    // The closures were requested now; their expiry is set from the test's clock (the department's delay before it).
    const expiresAt = async (key: string, at: Date): Promise<void> => {
      await em.execute('update ticket set closure_requested_at = ? where id = ?', [
        new Date(at.getTime() - s.department.expireDays * DAY_MS),
        ticket[key],
      ]);
    };
    await expiresAt('expiring', new Date(monday8.getTime() + 2 * HOUR_MS));
    await expiresAt('expiringLater', new Date(monday8.getTime() + 3 * DAY_MS));

    await setDigest(s.manager.uid, s.department.id, [8]);
    await setDigest(s.manager2.uid, s.department.id, [8]);
    await setDigest(s.supervisor.uid, s.department.id, [8], true);
    await setDigest(both.uid, s.department.id, [8]);
    await setDigest(both.uid, other.id, [8]);
    await setDigest(split.uid, s.department.id, [8]);
    await setDigest(split.uid, other.id, [17]);
    await setDigest(idle.uid, empty.id, [8]);
    await setDigest(bounced.uid, s.department.id, [8]);
  });

  it('should mail each person at the hour they chose, and at no other hour', async () => {
    expect(await pass(new Date(monday8.getTime() - HOUR_MS))).toBe(0);
    expect(await pass(new Date(monday8.getTime() + HOUR_MS))).toBe(0);
    // manager, manager2, supervisor, both, split, bounced; idle has nothing to read.
    expect(await pass(monday8)).toBe(6);
    const mail = await until(() => digestsOf(s.manager, monday8)[0]);
    expect(mail.rcptTo).toEqual([s.manager.email]);
    expect(mail.subject).toBe('[Assistance] Rapport quotidien : 4 ticket(s)');
    await until(() => digestsOf(s.supervisor, monday8)[0]);
    await sleep(1500);
    expect(smtp.sink.mails.filter((m) => m.messageId.startsWith('<helpdesk.digest.'))).toHaveLength(5);
  });

  it('should list the queue, the tickets waiting for the person, closures about to expire and postponed tickets coming back, each with its link', async () => {
    const mail = await until(() => digestsOf(s.manager, monday8)[0]);
    expect(listed(mail, 'digestQueue')).toEqual([ticket.queue]);
    expect(listed(mail, 'digestWaiting')).toEqual([ticket.waiting]);
    expect(listed(mail, 'digestExpiring')).toEqual([ticket.expiring]);
    expect(listed(mail, 'digestReturning')).toEqual([ticket.returning]);
    expect(mail.text).toContain(`- n°${ticket.queue} Sujet queue : https://ent.example.fr/assistance?ticket=${ticket.queue}`);
    expect(mail.text).toContain(`${label('mail', 'digestQueue', 'fr')} (1) :`);
    expect(mail.html).toContain(
      `<a href="https://ent.example.fr/assistance?ticket=${ticket.waiting}">n°${ticket.waiting}</a> Sujet waiting`,
    );
    // Not due within a day, waiting for the owner, someone else's, another department's: not listed.
    for (const key of ['expiringLater', 'returningLater', 'incomplete', 'ofManager2', 'otherQueue'])
      expect(mail.text).not.toContain(`n°${ticket[key]} `);
    expect(mail.headerLines.some((h) => /^Auto-Submitted: auto-generated/i.test(h))).toBe(true);
  });

  it("should write in the person's language", async () => {
    const mail = await until(() => digestsOf(s.manager2, monday8)[0]);
    expect(mail.subject).toBe('[Helpdesk] Daily digest: 2 ticket(s)');
    expect(mail.text.startsWith('Hello,')).toBe(true);
    expect(listed(mail, 'digestQueue', 'en')).toEqual([ticket.queue]);
    expect(listed(mail, 'digestWaiting', 'en')).toEqual([ticket.ofManager2]);
    expect(mail.text).toContain(
      `- no.${ticket.ofManager2} Sujet ofManager2: https://ent.example.fr/assistance?ticket=${ticket.ofManager2}`,
    );
  });

  it('should send one mail to a member of two departments, and list only the departments whose membership chose the hour', async () => {
    const merged = await until(() => digestsOf(both, monday8)[0]);
    expect(digestsOf(both, monday8)).toHaveLength(1);
    expect(listed(merged, 'digestQueue')).toEqual([ticket.queue, ticket.otherQueue]);
    const at8 = await until(() => digestsOf(split, monday8)[0]);
    expect(listed(at8, 'digestQueue')).toEqual([ticket.queue]);
    const at17 = new Date(monday8.getTime() + 9 * HOUR_MS);
    expect(await pass(at17)).toBe(1);
    const mail = await until(() => digestsOf(split, at17)[0]);
    expect(listed(mail, 'digestQueue')).toEqual([ticket.otherQueue]);
  });

  it('should never list a ticket of a department the person is not a member of', async () => {
    for (const user of [s.manager, s.manager2, s.supervisor]) {
      const mail = await until(() => digestsOf(user, monday8)[0]);
      expect(mail.text).not.toContain(`n°${ticket.otherQueue} `);
      expect(mail.text).not.toContain(`no.${ticket.otherQueue} `);
    }
  });

  it('should send nothing to a person whose lists are all empty', async () => {
    await sleep(1500);
    expect(digestsOf(idle, monday8)).toEqual([]);
  });

  it('should end a digest the SMTP server refuses for good, recorded for the admins about no ticket (no history to write in)', async () => {
    const slot = Math.floor(monday8.getTime() / HOUR_MS);
    const state = async (): Promise<string | undefined> =>
      (
        await app
          .em()
          .execute<{ state: string }[]>('select state from pgboss.job where id = ?', [nameUuid(`mail-digest:${bounced.id}:${slot}`)])
      ).at(0)?.state;
    const end = Date.now() + 20_000;
    while ((await state()) !== 'cancelled' && Date.now() < end) await sleep(200);
    expect(await state()).toBe('cancelled');
    // Listed for the admins with no ticket; its ticket mails bounce too, and are recorded as ever.
    const rows = await app
      .em()
      .execute<{ ticket_id: number | null }[]>("select ticket_id from mail_failure where message_id like '<helpdesk.digest.%'");
    expect(rows).toEqual([{ ticket_id: null }]);
  });

  it('should skip Saturdays and Sundays unless the membership chose them', async () => {
    expect(await pass(saturday8)).toBe(1);
    const mail = await until(() => digestsOf(s.supervisor, saturday8)[0]);
    expect(listed(mail, 'digestQueue')).toEqual([ticket.queue]);
    await sleep(1500);
    expect(digestsOf(s.manager, saturday8)).toEqual([]);
    expect(await pass(new Date(saturday8.getTime() + DAY_MS))).toBe(1); // Sunday: the supervisor again
  });

  it('should mail once when the pass runs twice in the same hour', async () => {
    await pass(new Date(monday8.getTime() + 20 * 60_000));
    await pass(new Date(monday8.getTime() + 59 * 60_000));
    await sleep(2500);
    expect(digestsOf(s.manager, monday8)).toHaveLength(1);
    expect(digestsOf(both, monday8)).toHaveLength(1);
  });

  it('should read the hours in the given time zone', () => {
    expect(digestSlot(new Date('2026-01-05T07:00:00Z'), 'Europe/Paris')).toMatchObject({ hour: 8, weekend: false });
    expect(digestSlot(new Date('2026-07-04T06:30:00Z'), 'Europe/Paris')).toMatchObject({ hour: 8, weekend: true });
    expect(digestSlot(new Date('2026-07-05T23:30:00Z'), 'Europe/Paris')).toMatchObject({ hour: 1, weekend: false });
    expect(digestSlot(new Date('2026-07-05T23:30:00Z'), 'UTC')).toMatchObject({ hour: 23, weekend: true });
  });

  it('should run the pass every hour from the job queue when timers and mail are on', async () => {
    const second = await startAnotherInstance(app, { SMTP_URL: smtp.sink.url, TIMER_INTERVAL_SECONDS: '60' });
    try {
      const [schedule] = await app.em().execute<{ cron: string }[]>('select cron from pgboss.schedule where name = ?', [DIGEST_QUEUE]);
      expect(schedule.cron).toBe('0 * * * *');
    } finally {
      await second.stop();
    }
  });
});
