import express, { type Router } from 'express';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from './mail-message.js';

/**
 * The development SMTP catcher: with SMTP_URL unset outside production the app sends its mails over
 * real SMTP to this server of its own (smtp-server on 127.0.0.1, a free port), which keeps the last
 * ones in memory and lists them at /dev/mail — so `npm start` shows the mails the guide promises.
 */

/** One caught mail. */
export interface CaughtMail {
  at: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

const KEPT = 200;

export interface MailCatcher {
  /** smtp://127.0.0.1:<port> */
  url: string;
  mails: CaughtMail[];
  router: Router;
  stop(): Promise<void>;
}

/** Starts the catcher on a free port of 127.0.0.1. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.unshift({
            at: new Date(),
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
            headers: Object.fromEntries([...parsed.headers].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
          });
          mails.splice(KEPT);
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').send(listPage(mails));
  });
  router.get('/:n.html', (req, res) => {
    const mail = mails.at(Number(req.params.n));
    if (!mail?.html) {
      res.status(404).type('text').send('Not found');
      return;
    }
    // The mail's own HTML, unable to run anything or reach this origin.
    res
      .set('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .type('html')
      .send(mail.html);
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    router,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function listPage(mails: readonly CaughtMail[]): string {
  const items = mails
    .map(
      (m, n) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p><strong>À :</strong> ${escapeHtml(m.to.join(', '))} · <strong>De :</strong> ${escapeHtml(m.from)} · ${escapeHtml(m.at.toISOString())}
${m.html ? ` · <a href="/dev/mail/${n}.html">HTML</a>` : ''}</p>
<pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Courriels envoyés (développement)</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}article{border-bottom:1px solid #ccc}pre{white-space:pre-wrap}</style></head>
<body><h1>Courriels envoyés (développement)</h1><p>${mails.length} courriel(s), les plus récents d'abord. <a href="/">Retour</a></p>
${items || '<p>Aucun courriel pour le moment.</p>'}</body></html>`;
}
