import { describe, expect, it } from 'vitest';
import { fileTicket } from '../../test/factories.js';
import { useScene } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { useMailApp, type SunkMail } from '../../test/smtp-sink.js';
import { until } from '../../test/until.js';
import { runDueTimers } from '../lifecycle/scheduler.js';
import { DAY_MS } from '../shared/values.js';
import { remindIncomplete } from './reminders.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The scheduled passes with a clock of the test's choosing: each pass is given its `now`. */
describe('scheduled passes: reminders, expiry, recall (controllable clock)', () => {
  const smtp = useMailApp({ TICKET_URL_TEMPLATE: 'https://ent.example.fr/assistance?ticket={number}' });
  const { app } = smtp;
  const s = useScene(app);
  const mailsTo = (id: string, address: string, what: string): SunkMail[] =>
    smtp.sink.mails.filter((m) => m.subject.includes(`n°${id}]`) && m.subject.includes(what) && m.rcptTo.includes(address));
  const entries = (id: string, type: string) =>
    app
      .em()
      .execute<{ actor_id: number | null; at: Date }[]>(
        'select actor_id, at from ticket_event where ticket_id = ? and type = ? order by id',
        [Number(id), type],
      );

  it('should remind the owner of an INCOMPLETE ticket after the delay, once more after as long again, never a third time', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!) { requestInformation(ticketId: $id, message: "<p>Quel navigateur ?</p>") { id } }', {
        id,
      }),
    );
    const t0 = Date.now();
    const at = (days: number): Date => new Date(t0 + days * DAY_MS + 60_000);
    const pass = (days: number): Promise<number> => remindIncomplete(app.orm.em, app.jobs, 7, at(days));
    expect(await pass(6)).toBe(0);
    expect(await pass(7)).toBe(1);
    expect(await pass(7)).toBe(0); // the same moment again: already reminded
    expect(await pass(13)).toBe(0);
    expect(await pass(14)).toBe(1);
    expect(await pass(60)).toBe(0);
    const reminded = await entries(id, 'REMINDED');
    expect(reminded.map((r) => r.actor_id)).toEqual([null, null]);
    const mails = await until(() => mailsTo(id, s.owner.email!, 'Relance').length === 2 && mailsTo(id, s.owner.email!, 'Relance'));
    expect(mails[0].text).toContain(`?ticket=${id}&action=answer`);
    expect(mails[0].text).toContain('attend votre réponse');
    await sleep(1500);
    expect(smtp.sink.mails.filter((m) => m.subject.includes(`n°${id}]`) && m.subject.includes('Relance'))).toHaveLength(2);
  });

  it('should not remind a ticket answered meanwhile', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { requestInformation(ticketId: $id, message: "<p>?</p>") { id } }', { id }));
    ok(await app.gql(s.owner.uid, 'mutation($id: ID!) { addComment(ticketId: $id, message: "<p>Firefox</p>") { id } }', { id }));
    await remindIncomplete(app.orm.em, app.jobs, 7, new Date(Date.now() + 30 * DAY_MS));
    expect(await entries(id, 'REMINDED')).toEqual([]);
  });

  it('should expire an undisputed closure as the application, mailing the owner and the ticket manager', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { requestClosure(ticketId: $id, message: "<p>Réglé</p>") { id } }', { id }));
    const early = await runDueTimers(app.orm.em, app.hooks, new Date(Date.now() + 13 * DAY_MS));
    expect(await entries(id, 'EXPIRED')).toEqual([]);
    expect(early.expired).toBe(0);
    await runDueTimers(app.orm.em, app.hooks, new Date(Date.now() + 15 * DAY_MS));
    expect((await entries(id, 'EXPIRED')).map((e) => e.actor_id)).toEqual([null]);
    const toOwner = await until(() => mailsTo(id, s.owner.email!, 'Expiration')[0]);
    expect(toOwner.text).toContain("n'a pas été contestée");
    await until(() => mailsTo(id, s.manager.email!, 'Expiration').length === 1);
  });

  it('should recall a postponed ticket when its date comes, as the application, with a mail to the owner', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    const until3Days = new Date(Date.now() + 3 * DAY_MS).toISOString();
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!, $u: DateTime!) { postponeTicket(ticketId: $id, until: $u) { id } }', {
        id,
        u: until3Days,
      }),
    );
    await runDueTimers(app.orm.em, app.hooks, new Date(Date.now() + 2 * DAY_MS));
    expect(await entries(id, 'RECALLED')).toEqual([]);
    await runDueTimers(app.orm.em, app.hooks, new Date(Date.now() + 4 * DAY_MS));
    expect((await entries(id, 'RECALLED')).map((e) => e.actor_id)).toEqual([null]);
    await until(() => mailsTo(id, s.owner.email!, 'Rappel').length === 1);
  });
});
