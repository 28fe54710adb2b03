import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { afterAll } from 'vitest';
import { useTestApp } from './fixture.js';
import type { TestApp } from './harness.js';

/** A mail the sink accepted, with its raw headers (to check that nothing was added). */
export interface SunkMail {
  messageId: string;
  rcptTo: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
  headerLines: string[];
}

/** How the sink answers: accept, refuse for now (451), or hold the DATA forever (a worker killed mid-send). */
export type SinkMode = 'accept' | 'tempfail' | 'hold';

/**
 * A real SMTP server (smtp-server) for the mail tests, on a free port of 127.0.0.1: it keeps what it
 * accepted, refuses with 550 any recipient whose address starts with `bounce`, answers 451 at DATA in
 * `tempfail` mode, and can be taken down and brought back on the same port.
 */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  /** Every DATA attempt, accepted or not. */
  readonly attempts: { messageId: string; subject: string; rcptTo: string[] }[] = [];
  mode: SinkMode = 'accept';
  private server: SMTPServer;
  port = 0;

  private constructor() {
    this.server = this.make();
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await sink.up();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Listens (again) on its port (a free one the first time). */
  async up(): Promise<void> {
    this.server = this.make();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** Stops listening and drops open connections: SMTP is down. */
  async down(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private make(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // A closed server must not wait for held connections to finish.
      closeTimeout: 100,
      onRcptTo: (address, _session, callback) => {
        if (address.address.startsWith('bounce')) {
          const error = Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 });
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) =>
        void this.receive(
          stream,
          session.envelope.rcptTo.map((r) => r.address),
          callback,
        ),
    });
  }

  private async receive(stream: SMTPServerDataStream, rcptTo: string[], callback: (error?: Error | null) => void): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const parsed = await simpleParser(raw);
    const messageId = parsed.messageId ?? '';
    this.attempts.push({ messageId, subject: parsed.subject ?? '', rcptTo });
    if (this.mode === 'hold') return; // never answers: the sender waits until it is killed
    if (this.mode === 'tempfail') {
      callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
      return;
    }
    const head = raw.split(/\r?\n\r?\n/)[0];
    this.mails.push({
      messageId,
      rcptTo,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      raw,
      headerLines: head.split(/\r?\n(?![ \t])/),
    });
    callback();
  }

  /** Stops for good. */
  async stop(): Promise<void> {
    await this.down();
  }
}

/** The describe's app (useTestApp, with `env`) mailing to a sink of its own, started before it and stopped after. */
export function useMailApp(env: Record<string, string> = {}): { app: TestApp; readonly sink: SmtpSink } {
  let sink: SmtpSink | undefined;
  const app = useTestApp(async () => {
    sink = await SmtpSink.start();
    return { SMTP_URL: sink.url, ...env };
  });
  afterAll(async () => {
    await sink?.stop();
  });
  return {
    app,
    get sink(): SmtpSink {
      if (!sink) throw new Error('The sink exists only between its beforeAll and afterAll');
      return sink;
    },
  };
}
