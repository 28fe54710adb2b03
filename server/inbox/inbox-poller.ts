import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { JobQueue } from '../jobs/job-queue.js';
import { every } from '../shared/periodic.js';
import type { Filed, InboxParts } from './mail-filing.js';
import { openPassword } from './mailbox-secret.js';
import { readMailbox } from './mailbox-reader.js';

/** The mail-in reader of one instance. */
export interface Inbox {
  /** Reads every enabled mailbox once, without waiting in IDLE (tests, and an admin's "read now"). */
  readAll(): Promise<Filed[]>;
  stop(): Promise<void>;
}

/** The job queue's queue of mailbox readings: one job per mailbox and pass, whichever instance sends it. */
export const READ_QUEUE = 'inbox-read';
// Mailboxes one instance reads at once (each may wait in IDLE until its pass ends); more wait for a free reader here or elsewhere.
const READERS_PER_INSTANCE = 8;

// The advisory-lock space of mailbox readers: (LOCK_SPACE, mailbox id) is held by the one instance reading it.
const LOCK_SPACE = 0x1b0c;

interface MailboxRow {
  id: number;
  category_id: number;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password_secret: string;
  folder: string;
}

/**
 * Reads the enabled mailboxes every MAIL_POLL_SECONDS (0: never by itself) on the job queue: each pass,
 * every instance sends one job per mailbox under the same id (the mailbox and the pass), so the queue
 * keeps one, and one worker somewhere reads it — staying in IMAP IDLE until the pass ends when the
 * server offers it. A PostgreSQL advisory lock per mailbox, held on a connection of its own for the
 * whole reading, keeps two readings of one mailbox apart even when a pass overruns. A failure (the IMAP
 * server down, a wrong password) is kept in the mailbox's `lastError` and tried again at the next pass;
 * nothing was flagged, so nothing is lost.
 */
export async function startInbox(parts: InboxParts, jobs: JobQueue, databaseUrl: string, logger: Logger): Promise<Inbox> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => logger.warn({ err }, 'mail-in lock connection lost'));
  const reading = new Set<number>();
  const stopping = new AbortController();
  const pollMs = parts.inbox.pollSeconds * 1000;

  async function readOne(row: MailboxRow, idleMs: number): Promise<Filed[]> {
    if (reading.has(row.id)) return [];
    reading.add(row.id);
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [LOCK_SPACE, row.id]);
      if (!rows[0].ok) return [];
      try {
        const password = openPassword(parts.inbox.secret, row.password_secret);
        const box = {
          id: row.id,
          categoryId: row.category_id,
          host: row.host,
          port: row.port,
          tls: row.tls,
          user: row.username,
          password,
          folder: row.folder,
        };
        const filed = await readMailbox(parts, box, idleMs, stopping.signal);
        await client.query('update mailbox set last_polled_at = now(), last_error = null where id = $1', [row.id]);
        return filed;
      } catch (err) {
        logger.warn({ mailboxId: row.id, err: { message: (err as Error).message } }, 'mailbox could not be read');
        await client.query('update mailbox set last_polled_at = now(), last_error = $2 where id = $1', [row.id, describe(err)]);
        return [];
      } finally {
        await client.query('select pg_advisory_unlock($1, $2)', [LOCK_SPACE, row.id]);
      }
    } finally {
      client.release();
      reading.delete(row.id);
    }
  }

  async function enabled(): Promise<MailboxRow[]> {
    const { rows } = await pool.query<MailboxRow>(
      'select id, category_id, host, port, tls, username, password_secret, folder from mailbox where enabled order by id',
    );
    return rows;
  }

  const sessions = new Set<Promise<unknown>>();
  const track = <T>(session: Promise<T>): Promise<T> => {
    sessions.add(session);
    void session.finally(() => sessions.delete(session)).catch(() => undefined);
    return session;
  };
  if (pollMs > 0) {
    await jobs.createQueue(READ_QUEUE, {
      retryLimit: 0,
      retryDelaySeconds: 0,
      retryBackoff: false,
      expireInSeconds: parts.inbox.pollSeconds + 300,
      retentionDays: 1,
    });
    await jobs.work<{ mailboxId: number; sentAt: number }>(
      READ_QUEUE,
      async ({ data }) => {
        // A mailbox deleted or disabled since the pass was sent is not read.
        const row = (await enabled()).find((r) => r.id === data.mailboxId);
        // IDLE until just before the next pass; a job that waited past its pass reads once.
        const idleMs = Math.max(0, data.sentAt + pollMs - Date.now() - 2000);
        if (row && !stopping.signal.aborted) await track(readOne(row, idleMs));
      },
      { concurrency: READERS_PER_INSTANCE },
    );
  }
  const pass = async (): Promise<void> => {
    const sentAt = Date.now();
    const slot = Math.floor(sentAt / pollMs);
    for (const row of await enabled()) await jobs.send(READ_QUEUE, { mailboxId: row.id, sentAt }, { id: passId(row.id, slot) });
  };
  const send = (): Promise<void> => pass().catch((err: unknown) => logger.warn({ err }, 'mailbox readings could not be queued'));
  // The first pass right away (a restarted instance files what came meanwhile), then every MAIL_POLL_SECONDS.
  if (pollMs > 0) void send();
  const stopTimer = every(parts.inbox.pollSeconds, send);

  return {
    async readAll() {
      const filed: Filed[] = [];
      for (const row of await enabled()) filed.push(...(await readOne(row, 0)));
      return filed;
    },
    async stop() {
      stopping.abort();
      await stopTimer();
      await Promise.allSettled([...sessions]);
      await pool.end();
    },
  };
}

// The same UUID for one mailbox and pass on every instance: the queue ignores the second send.
function passId(mailboxId: number, pass: number): string {
  const hex = createHash('sha256').update(`inbox-read:${mailboxId}:${pass}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// What an administrator may read (mailboxes.lastError): the failure's own words, never the password.
function describe(err: unknown): string {
  const e = err as { message?: string; responseText?: string; code?: string };
  return [e.code, e.responseText ?? e.message].filter(Boolean).join(': ').slice(0, 500) || 'the mailbox could not be read';
}
