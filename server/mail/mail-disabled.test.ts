import { describe, expect, it } from 'vitest';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { DAY_MS } from '../shared/values.js';
import { loadConfig } from '../config.js';
import { remindIncomplete } from './reminders.js';

// MAIL_ENABLED=false: a staging copy of real data must never write to real people, and the bench
// measures the action path without mail against it (R5M).
describe('MAIL_ENABLED=false', () => {
  const app = useTestApp({ MAIL_ENABLED: 'false' });
  const s = useScene(app);
  const mailJobs = async (): Promise<number> =>
    (await app.em().execute<{ n: number }[]>("select count(*)::int as n from pgboss.job where name like 'mail%'"))[0].n;

  it('should start no catcher and queue no mail for an action, yet record it', async () => {
    expect(app.mailCatcher).toBeUndefined();
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id status } }', { id }));
    expect(await mailJobs()).toBe(0);
    const [{ n }] = await app
      .em()
      .execute<{ n: number }[]>('select count(*)::int as n from ticket_event where ticket_id = ?', [Number(id)]);
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it('should still record an INCOMPLETE reminder in the history, with no mail queued', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    ok(
      await app.gql(s.manager.uid, 'mutation($id: ID!) { requestInformation(ticketId: $id, message: "<p>Quel poste ?</p>") { id } }', {
        id,
      }),
    );
    const reminded = await remindIncomplete(app.orm.em, undefined, 7, new Date(Date.now() + 8 * DAY_MS));
    expect(reminded).toBeGreaterThanOrEqual(1);
    const [{ n }] = await app
      .em()
      .execute<{ n: number }[]>("select count(*)::int as n from ticket_event where ticket_id = ? and type = 'REMINDED'", [Number(id)]);
    expect(n).toBe(1);
    expect(await mailJobs()).toBe(0);
  });

  it('should refuse a value that is not a boolean', () => {
    expect(() => loadConfig({ MAIL_ENABLED: 'maybe' })).toThrow(/MAIL_ENABLED/);
  });
});
