import { afterAll, describe, expect, it } from 'vitest';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { spawnServer, type ServerProcess } from '../../test/processes.js';
import { SmtpSink } from '../../test/smtp-sink.js';
import pino from 'pino';
import { loadConfig } from '../config.js';
import { TicketHooks } from '../hooks/ticket-hooks.js';
import { startMail } from './mail.service.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(200);
  }
}

/**
 * Faults that need more than one instance or a long outage: a sending instance killed (SIGKILL) in
 * the middle of a send, and many tickets filed while SMTP is down.
 */
describe('mail faults: a sender killed mid-send, a long SMTP outage', () => {
  let sink: SmtpSink;
  let other: ServerProcess | undefined;
  // This instance files tickets and fans them out; at first it sends nothing, so the spawned instance takes the sends.
  const app = useTestApp(async () => {
    sink = await SmtpSink.start();
    return {
      SMTP_URL: sink.url,
      MAIL_RETRY_DELAY_SECONDS: '1',
      MAIL_RETRY_LIMIT: '12',
      MAIL_SEND_TIMEOUT_SECONDS: '3',
      MAIL_SEND_CONCURRENCY: '0',
      JOB_MAINTENANCE_SECONDS: '1',
    };
  });
  const s = useScene(app);
  afterAll(async () => {
    await other?.kill();
    await sink.stop();
  });
  const receipts = (ids: string[]) =>
    sink.mails.filter((m) => m.rcptTo.includes(s.owner.email!) && ids.some((id) => m.subject.includes(`n°${id}]`)));

  it('should lose nothing when the sending instance is killed mid-send: only the mail in flight may come twice', async () => {
    sink.mode = 'hold';
    other = await spawnServer({
      DATABASE_URL: app.databaseUrl,
      SMTP_URL: sink.url,
      MAIL_SEND_CONCURRENCY: '1',
      MAIL_RETRY_DELAY_SECONDS: '1',
      MAIL_SEND_TIMEOUT_SECONDS: '3',
      JOB_POLL_SECONDS: '1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      TIMER_INTERVAL_SECONDS: '0',
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await fileTicket(app, s.owner.uid, s.category.id, { subject: `Tué ${i}` }));
    // The other instance is in the middle of a send (the server holds its DATA): kill it there.
    await until(() => sink.attempts.length > 0, 30_000);
    const inFlight = sink.attempts[0].messageId;
    const ours = () => sink.mails.filter((m) => ids.some((id) => m.subject.includes(`n°${id}]`)));
    await other.kill();
    other = undefined;
    sink.mode = 'accept';
    // This instance becomes a sender (as a restarted or surviving one would): it must send everything, the lost send too.
    const config = loadConfig({
      SMTP_URL: sink.url,
      MAIL_RETRY_DELAY_SECONDS: '1',
      MAIL_SEND_CONCURRENCY: '2',
      MAIL_SEND_TIMEOUT_SECONDS: '3',
    });
    const sender = await startMail({
      orm: app.orm,
      jobs: app.jobs,
      hooks: new TicketHooks(),
      config: config.mail,
      logger: pino({ level: 'silent' }),
      smtpUrl: sink.url,
    });
    try {
      // All three tickets' mails (receipt to the owner, alerts to three staff): 12, each once but the one in flight.
      // The lost send comes back once pg-boss's maintenance finds it expired (its own interval): wait for it, not a fixed time.
      await until(() => receipts(ids).length === 3 && ours().length >= 12, 90_000);
      // Then a little longer, so a send made twice (other than the one in flight) would be seen.
      await sleep(2000);
    } finally {
      await sender.stop();
    }
    const all = ours();
    const byId = new Map<string, number>();
    for (const m of all) byId.set(m.messageId, (byId.get(m.messageId) ?? 0) + 1);
    expect(all.length).toBe(12);
    expect([...byId.entries()].filter(([, n]) => n > 1).every(([id]) => id === inFlight)).toBe(true);
    expect(receipts(ids)).toHaveLength(3);
  }, 150_000);
});
