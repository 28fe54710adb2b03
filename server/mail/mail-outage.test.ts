import { afterAll, describe, expect, it } from 'vitest';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { SmtpSink } from '../../test/smtp-sink.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long SMTP stays down (the issue says two minutes; MAIL_OUTAGE_SECONDS shortens or lengthens it). */
const OUTAGE_SECONDS = Number(process.env.MAIL_OUTAGE_SECONDS ?? 20);
const TICKETS = 200;

describe(`${TICKETS} tickets filed while SMTP is down for ${OUTAGE_SECONDS} s`, () => {
  let sink: SmtpSink;
  const app = useTestApp(async () => {
    sink = await SmtpSink.start();
    return { SMTP_URL: sink.url, MAIL_RETRY_DELAY_SECONDS: '1', MAIL_RETRY_LIMIT: '14' };
  });
  const s = useScene(app);
  afterAll(async () => {
    await sink.stop();
  });

  it(`should deliver ${TICKETS} receipts, none twice, once SMTP is back`, async () => {
    await sink.down();
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < TICKETS; i++) ids.push(await fileTicket(app, s.owner.uid, s.category.id, { subject: `Panne ${i}` }));
    const filedIn = Date.now() - started;
    await sleep(Math.max(0, OUTAGE_SECONDS * 1000 - filedIn));
    await sink.up();
    const back = Date.now();
    const wanted = new Set(ids.map((id) => `n°${id}]`));
    const receipts = () => sink.mails.filter((m) => m.rcptTo.includes(s.owner.email!) && [...wanted].some((w) => m.subject.includes(w)));
    while (receipts().length < TICKETS && Date.now() - back < 180_000) await sleep(500);
    const allIn = Date.now() - back;
    await sleep(3000);
    const got = receipts();
    const perTicket = new Map<string, number>();
    for (const m of got) perTicket.set(m.subject, (perTicket.get(m.subject) ?? 0) + 1);
    const all = sink.mails.filter((m) => [...wanted].some((w) => m.subject.includes(w)));
    const messageIds = new Set(all.map((m) => m.messageId));
    console.info(
      `mail outage: ${TICKETS} tickets filed in ${filedIn} ms while SMTP was down ${OUTAGE_SECONDS} s; ` +
        `${got.length} receipts (${all.length} mails in all, ${messageIds.size} distinct Message-IDs) within ${allIn} ms of SMTP coming back`,
    );
    expect(got).toHaveLength(TICKETS);
    expect([...perTicket.values()].every((n) => n === 1)).toBe(true);
    expect(messageIds.size).toBe(all.length);
  }, 400_000);
});
