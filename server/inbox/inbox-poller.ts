import pg from 'pg';
import type { Logger } from 'pino';
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
 * Reads the enabled mailboxes every MAIL_POLL_SECONDS (0: never by itself), each by one instance at a
 * time across instances (a PostgreSQL advisory lock per mailbox, held on a connection of its own for
 * the whole reading), staying in IMAP IDLE until the next pass when the server offers it. A failure
 * (the IMAP server down, a wrong password) is kept in the mailbox's `lastError` and tried again at the
 * next pass; nothing was flagged, so nothing is lost.
 */
export function startInbox(parts: InboxParts, databaseUrl: string, logger: Logger): Inbox {
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
  const pass = async (): Promise<void> => {
    const rows = await enabled().catch((err: unknown) => {
      logger.warn({ err }, 'mailboxes could not be listed');
      return [];
    });
    for (const row of rows) {
      // Each mailbox is its own session (it may stay in IDLE until just before the next pass).
      const session = readOne(row, Math.max(0, pollMs - 2000)).catch((err: unknown) => logger.error({ err }, 'mailbox reading failed'));
      sessions.add(session);
      void session.finally(() => sessions.delete(session));
    }
  };
  // The first pass right away (a restarted instance files what came meanwhile), then every MAIL_POLL_SECONDS.
  if (pollMs > 0) void pass();
  const stopTimer = every(parts.inbox.pollSeconds, pass);

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

// What an administrator may read (mailboxes.lastError): the failure's own words, never the password.
function describe(err: unknown): string {
  const e = err as { message?: string; responseText?: string; code?: string };
  return [e.code, e.responseText ?? e.message].filter(Boolean).join(': ').slice(0, 500) || 'the mailbox could not be read';
}
