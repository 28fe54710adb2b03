import { ImapFlow } from 'imapflow';
import type { Readable } from 'node:stream';
import { fileMail, setAsideTooLarge, type Filed, type InboxParts, type MailboxTarget } from './mail-filing.js';

/** The keyword set on a mail once it is filed (or set aside): the search for new mail skips it. */
export const FILED_KEYWORD = '$HelpdeskFiled';

/** Where and how to sign in to one mailbox (its password already opened). */
export interface MailboxAccess extends MailboxTarget {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  folder: string;
}

/**
 * Reads one mailbox over IMAP: files every mail not yet flagged, flagging each only after its ticket or
 * comment committed (a crash in between leaves it unflagged, and its remembered Message-ID files it
 * nothing the second time). Then, when the server offers IMAP IDLE, waits up to `idleMs` for new mail
 * and files it as it comes (imapflow would start IDLE only after 15 s by itself: docs/stack.md).
 */
export async function readMailbox(parts: InboxParts, box: MailboxAccess, idleMs: number, signal?: AbortSignal): Promise<Filed[]> {
  const client = new ImapFlow({
    host: box.host,
    port: box.port,
    secure: box.tls,
    auth: { user: box.user, pass: box.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
  });
  // Without a listener, a dropped connection's error would end the process; the read in flight fails instead.
  client.on('error', () => undefined);
  const filed: Filed[] = [];
  await client.connect();
  try {
    const lock = await client.getMailboxLock(box.folder);
    try {
      filed.push(...(await readNew(client, parts, box)));
      if (idleMs > 0 && client.capabilities.has('IDLE')) filed.push(...(await idleFor(client, parts, box, idleMs, signal)));
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return filed;
}

async function readNew(client: ImapFlow, parts: InboxParts, box: MailboxAccess): Promise<Filed[]> {
  const uids = (await client.search({ unKeyword: FILED_KEYWORD }, { uid: true })) || [];
  const filed: Filed[] = [];
  for (const uid of uids) {
    const range = String(uid);
    const meta = await client.fetchOne(range, { uid: true, size: true, envelope: true }, { uid: true });
    if (!meta) continue;
    if ((meta.size ?? 0) > parts.inbox.maxMailBytes) {
      // Not downloaded: remembered by the Message-ID its envelope gives (or its place in this mailbox), answered once.
      const messageId =
        meta.envelope?.messageId ?? `<${box.id}.${client.mailbox ? String(client.mailbox.uidValidity) : '0'}.${uid}@oversize.invalid>`;
      const sender = meta.envelope?.from?.[0]?.address?.toLowerCase() ?? null;
      filed.push(await setAsideTooLarge(parts, box, messageId, sender, meta.envelope?.subject ?? ''));
    } else {
      const download = await client.download(range, undefined, { uid: true });
      if (!download.content) continue;
      filed.push(await fileMail(parts, box, await bytesOf(download.content)));
    }
    await client.messageFlagsAdd(range, ['\\Seen', FILED_KEYWORD], { uid: true });
  }
  return filed;
}

// IDLE until new mail, the time is up or the reader is stopped; every wake-up reads (which ends the IDLE).
async function idleFor(client: ImapFlow, parts: InboxParts, box: MailboxAccess, idleMs: number, signal?: AbortSignal): Promise<Filed[]> {
  const filed: Filed[] = [];
  const deadline = Date.now() + idleMs;
  while (Date.now() < deadline && !signal?.aborted) {
    let wake = (): void => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    client.on('exists', wake);
    signal?.addEventListener('abort', wake, { once: true });
    const timer = setTimeout(wake, deadline - Date.now());
    const idling = client.idle();
    await woken;
    clearTimeout(timer);
    client.off('exists', wake);
    signal?.removeEventListener('abort', wake);
    filed.push(...(await readNew(client, parts, box)));
    await idling;
  }
  return filed;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
