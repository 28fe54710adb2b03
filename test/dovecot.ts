import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterAll, beforeAll } from 'vitest';
import type { Scene } from './factories.js';
import { Late, useScene, useTestApp, type TestAppEnv } from './fixture.js';
import { ok, type TestApp } from './harness.js';
import { freePort } from './processes.js';

/** A real mail, as a mail client writes it (nodemailer's composer). */
export function composeMail(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

/** Sets up a mailbox of `user` on this dovecot for a category through the API (saveMailbox) as `uid`; returns its id. */
export async function saveDovecotMailbox(app: TestApp, uid: string, categoryId: number, dovecot: Dovecot, user: string): Promise<string> {
  const input = { categoryId: String(categoryId), host: dovecot.host, port: dovecot.port, tls: false, user, password: `secret-${user}` };
  const saved = ok(
    await app.gql<{ saveMailbox: { id: string } }>(uid, 'mutation($input: MailboxInput!) { saveMailbox(input: $input) { id } }', { input }),
  );
  return saved.saveMailbox.id;
}

/** What useMailIn hands a describe: dovecot, the app and its scene, and the mailbox `dnum` they read. */
export interface MailIn {
  imap: Dovecot;
  app: TestApp;
  s: Scene;
  /** The mailbox's id (set in its beforeAll). */
  readonly mailboxId: string;
}

/**
 * The mail-in tests' preamble: dovecot with the user `dnum`, the describe's app (with `env`) and
 * scene, and the mailbox `dnum` saved by the scene's supervisor on its category. Dovecot stops after
 * the app (afterAll hooks run in reverse).
 */
export function useMailIn(env: TestAppEnv = {}): MailIn {
  const imap = new Late<Dovecot>('Dovecot');
  beforeAll(async () => {
    imap.value = await startDovecot(['dnum']);
  });
  afterAll(async () => {
    await imap.value?.stop();
    imap.value = undefined;
  });
  const app = useTestApp(env);
  const s = useScene(app);
  let mailboxId = '';
  beforeAll(async () => {
    mailboxId = await saveDovecotMailbox(app, s.supervisor.uid, s.category.id, imap.handle, 'dnum');
  });
  return {
    imap: imap.handle,
    app,
    s,
    get mailboxId() {
      return mailboxId;
    },
  };
}

/** A real IMAP server for one test file: Debian's dovecot on a free port, its own folder, users and maildirs. */
export interface Dovecot {
  host: string;
  port: number;
  /** Drops a mail into a user's Maildir/new, as a delivery agent would. */
  deliver(user: string, raw: string | Buffer): Promise<void>;
  /** Mails of a user's INBOX that carry a flag or keyword in their Maildir name (e.g. "S" for \Seen). */
  mails(user: string): Promise<string[]>;
  /** Stops the server (the mails stay): the IMAP server is down. */
  down(): Promise<void>;
  /** Starts it again on the same port with the same mails. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

// docs/stack.md, "Traps": own config, passwd-file, static userdb as the dovecot user (uid 0 is refused), plain text, no TLS.
function configOf(root: string, port: number): string {
  return `
base_dir = ${root}/run
state_dir = ${root}/state
log_path = ${root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 100
mail_location = maildir:${root}/mail/%u/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${root}/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${root}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

/** Starts dovecot with these users, each with the password `secret-<user>`. */
export async function startDovecot(names: string[]): Promise<Dovecot> {
  const users = Object.fromEntries(names.map((n) => [n, `secret-${n}`]));
  const root = await mkdtemp(path.join(os.tmpdir(), 'helpdesk-dovecot-'));
  await chmod(root, 0o755);
  const ids = await dovecotIds();
  await writeFile(
    path.join(root, 'passwd'),
    Object.entries(users)
      .map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`)
      .join(''),
  );
  for (const user of Object.keys(users)) {
    for (const dir of ['cur', 'new', 'tmp']) await mkdir(path.join(root, 'mail', user, 'Maildir', dir), { recursive: true });
    await chownTree(path.join(root, 'mail'), ids);
  }
  let port = await freePort();
  let child: ChildProcess | undefined;

  async function up(): Promise<void> {
    await writeFile(path.join(root, 'dovecot.conf'), configOf(root, port));
    child = spawn('/usr/sbin/dovecot', ['-F', '-c', path.join(root, 'dovecot.conf')], { stdio: 'ignore' });
    await listening(port);
  }
  async function down(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
    // The listener is gone once the master is: wait until the port refuses.
    for (let i = 0; i < 50 && (await reachable(port)); i++) await sleep(100);
  }
  try {
    await up();
  } catch {
    // Another process took the probed port meanwhile: once more on another.
    await down();
    port = await freePort();
    await up();
  }
  let n = 0;
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    async deliver(user, raw) {
      const name = `${Date.now()}.${process.pid}_${++n}_${randomBytes(4).toString('hex')}.test`;
      const tmp = path.join(root, 'mail', user, 'Maildir', 'tmp', name);
      await writeFile(tmp, raw);
      await chown(tmp, ids.uid, ids.gid);
      await rename(tmp, path.join(root, 'mail', user, 'Maildir', 'new', name));
    },
    async mails(user) {
      const dir = path.join(root, 'mail', user, 'Maildir');
      return [...(await readdir(path.join(dir, 'new'))), ...(await readdir(path.join(dir, 'cur')))];
    },
    down,
    up,
    async stop() {
      await down();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function dovecotIds(): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('dovecot:'));
  if (!line) throw new Error('no dovecot user: install dovecot-imapd');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function chownTree(dir: string, ids: { uid: number; gid: number }): Promise<void> {
  await chown(dir, ids.uid, ids.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, ids);
    else await chown(full, ids.uid, ids.gid);
  }
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await reachable(port)) return;
    await sleep(100);
  }
  throw new Error(`dovecot did not listen on ${port}`);
}
