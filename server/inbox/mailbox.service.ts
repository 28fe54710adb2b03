import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { Category } from '../model/category.entity.js';
import { Mailbox } from '../model/mailbox.entity.js';
import { assertMayManageMailboxes, mayManageMailboxes } from '../policies/mailbox.policy.js';
import { parseId } from '../shared/ids.js';
import type { MailboxChanges } from './mailbox-changes.js';
import { sealPassword } from './mailbox-secret.js';

/** The mailboxes the viewer may manage: all for admins, their departments' for supervisors, none for others. */
/** The list's bound (the query cost counts on it): an installation reads at most this many mailboxes. */
export const MOST_MAILBOXES = 1000;

export async function listMailboxes(em: EntityManager, viewer: Viewer): Promise<Mailbox[]> {
  const all = await em.find(Mailbox, {}, { populate: ['category'], orderBy: { id: 'asc' }, limit: MOST_MAILBOXES });
  return all.filter((m) => mayManageMailboxes(viewer, m.category.department.id));
}

/** Creates (no id) or updates a mailbox; the password is sealed with `secret` and never given back. */
export async function saveMailbox(
  em: EntityManager,
  viewer: Viewer,
  secret: string,
  id: string | null | undefined,
  input: MailboxChanges,
): Promise<Mailbox> {
  const existing = id ? await managedMailbox(em, viewer, id) : null;
  const category = await em.findOne(Category, { id: parseId('Category', input.categoryId) });
  if (!category) throw new NotFoundError('Category');
  assertMayManageMailboxes(viewer, category.department.id);
  const fields = {
    category,
    host: text('host', input.host, 255, /^[A-Za-z0-9.:[\]-]+$/),
    port: portOf(input.port),
    tls: input.tls,
    user: text('user', input.user, 320),
    folder: text('folder', input.folder ?? 'INBOX', 255),
    enabled: input.enabled ?? true,
  };
  const password = input.password ?? null;
  if (password !== null && (password === '' || password.length > 1000))
    throw new BadInputError('password must be 1 to 1000 characters', 'password');
  let mailbox: Mailbox;
  if (existing) {
    mailbox = Object.assign(existing, fields, { lastError: null });
    if (password !== null) mailbox.passwordSecret = sealPassword(secret, password);
  } else {
    if (password === null) throw new BadInputError('A new mailbox needs its password', 'password');
    mailbox = em.create(Mailbox, { ...fields, passwordSecret: sealPassword(secret, password) });
  }
  await em.flush();
  return mailbox;
}

/** Deletes a mailbox (its remembered Message-IDs go with it; tickets it filed stay). */
export async function deleteMailbox(em: EntityManager, viewer: Viewer, id: string): Promise<boolean> {
  const mailbox = await managedMailbox(em, viewer, id);
  await em.remove(mailbox).flush();
  return true;
}

// One the viewer may not manage answers like a missing one: nobody learns which mailboxes exist elsewhere.
async function managedMailbox(em: EntityManager, viewer: Viewer, id: string): Promise<Mailbox> {
  const mailbox = await em.findOne(Mailbox, { id: parseId('Mailbox', id) }, { populate: ['category'] });
  if (!mailbox || !mayManageMailboxes(viewer, mailbox.category.department.id)) throw new NotFoundError('Mailbox');
  return mailbox;
}

function text(field: string, raw: string, max: number, pattern?: RegExp): string {
  const value = raw.trim();
  if (value === '' || value.length > max) throw new BadInputError(`${field} must be 1 to ${max} characters`, field);
  if (/\p{Cc}/u.test(value) || (pattern && !pattern.test(value))) throw new BadInputError(`${field} is not valid`, field);
  return value;
}

function portOf(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new BadInputError('port must be between 1 and 65535', 'port');
  return port;
}
