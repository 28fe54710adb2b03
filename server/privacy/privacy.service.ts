import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../errors.js';
import { markForRemoval, releasePending } from '../files/pending.js';
import type { FileStore } from '../files/store.js';

/** The name a forgotten person shows under, wherever their name was (docs/operations.md, "Personal data"). */
export const FORGOTTEN_NAME = 'Personne supprimée';

/** What an anonymised ticket's subject reads. */
export const ANONYMISED_SUBJECT = 'Demande anonymisée';

/** The history properties whose values are people's names (StoredChange, model/ticket-event.entity.ts). */
const NAMED_PROPERTIES = ['manager', 'owner', 'invitee'];

/**
 * A forgotten person's uid: stable (a repeated request for the same uid finds the same row, so erasure
 * is idempotent) and not the uid itself. It can confirm a guessed uid, never name anyone.
 */
export function pseudonymOf(uid: string): string {
  return `forgotten:${createHash('sha256').update(`helpdesk-forget:${uid}`).digest('hex').slice(0, 32)}`;
}

interface PersonRow {
  id: number;
  forgotten_at: Date | null;
}

/** One person by id, uid, email, or (once forgotten) the pseudonym of their former uid; NOT_FOUND otherwise. */
export async function findPerson(em: EntityManager, user: string): Promise<PersonRow> {
  const text = user.trim();
  const id = /^\d{1,9}$/.test(text) ? Number(text) : -1;
  const [row] = await em.execute<(PersonRow | undefined)[]>(
    `select id, forgotten_at from app_user
      where id = ? or uid = ? or uid = ? or (email is not null and lower(email) = lower(?))
      order by (id = ?) desc, (uid = ?) desc limit 1`,
    [id, text, pseudonymOf(text), text, id, text],
  );
  if (!row) throw new NotFoundError('User');
  return row;
}

/** Everything the helpdesk holds about one person, as one JSON document (GDPR access). */
export async function personalData(em: EntityManager, actorId: number, user: string): Promise<string> {
  const person = await findPerson(em, user);
  const one = async <T>(sql: string): Promise<T[]> => em.execute<T[]>(sql, [person.id]);
  const [profile] = await one<Record<string, unknown>>(
    `select id, uid, display_name as "displayName", email, locale, is_admin as "isAdmin", provisional,
            created_at as "createdAt", last_sign_in_at as "lastSignInAt", forgotten_at as "forgottenAt"
       from app_user where id = ?`,
  );
  const [prefs] = await one<{ muted_events: string[] }>('select muted_events from app_user where id = ?');
  const data = {
    exportedAt: new Date().toISOString(),
    profile,
    preferences: { language: profile.locale, mutedNotifications: prefs.muted_events },
    memberships: await one(
      `select d.code as department, m.role, m.available, m.alert from department_member m join department d on d.id = m.department_id
        where m.user_id = ? order by d.code`,
    ),
    ticketsOwned: await one(
      `select t.id, t.subject, t.status, t.priority, t.visibility, t.origin, d.code as department, c.path as category,
              t.created_at as "createdAt", t.ended_at as "endedAt"
         from ticket t join department d on d.id = t.department_id join category c on c.id = t.category_id
        where t.owner_id = ? order by t.id`,
    ),
    ticketsFiled: await one(`select id, subject, created_at as "createdAt" from ticket where creator_id = ? order by id`),
    entriesWritten: await one(
      `select id::text, ticket_id as "ticketId", type, at, message, visibility, changes from ticket_event
        where actor_id = ? order by id`,
    ),
    filesUploaded: await one(
      `select id, ticket_id as "ticketId", filename, content_type as "contentType", size, uploaded_at as "uploadedAt",
              visibility, deleted_at as "deletedAt"
         from attachment where uploaded_by_id = ? order by id`,
    ),
    invitations: await one(
      `select i.ticket_id as "ticketId", u.uid as "invitedBy", i.created_at as "createdAt"
         from invitation i join app_user u on u.id = i.invited_by_id where i.user_id = ? order by i.id`,
    ),
    invitationsSent: await one(
      `select i.ticket_id as "ticketId", u.uid as "invited", i.created_at as "createdAt"
         from invitation i join app_user u on u.id = i.user_id where i.invited_by_id = ? order by i.id`,
    ),
    // Mail in's answers to refused mails name only the address: theirs too.
    mailFailures: await one(
      `select f.at, f.ticket_id as "ticketId", f.address, f.reason from mail_failure f join app_user u on u.id = ?
        where f.user_id = u.id or (f.user_id is null and lower(f.address) = lower(u.email)) order by f.id`,
    ),
    watching: await one(`select ticket_id as "ticketId", created_at as "createdAt" from watcher where user_id = ? order by id`),
    // Mail in remembers each mail's sender (its hourly limit counts by address): what it read from them.
    mailsReceived: await one(
      `select m.read_at as "readAt", m.outcome, m.ticket_id as "ticketId", m.reason from inbox_message m join app_user u on u.id = ?
        where m.sender = lower(u.email) order by m.read_at`,
    ),
  };
  await audit(em, actorId, 'PERSONAL_DATA', person.id, {});
  return JSON.stringify(data);
}

/**
 * Erases a departed person: name, email and uid replaced by the pseudonym, preferences, memberships,
 * invitations and watches gone, their files' bytes removed (the history keeps each file's entry), and
 * their name in the history's changes replaced. Tickets and entries stay, readable by the others, the
 * author shown as FORGOTTEN_NAME. A person already forgotten: nothing changes (true again).
 */
export async function forgetPerson(em: EntityManager, store: FileStore, actorId: number, user: string): Promise<boolean> {
  const person = await findPerson(em, user);
  if (person.forgotten_at) return true;
  const keys = await em.fork().transactional(async (tx) => {
    const [row] = await tx.execute<{ uid: string; display_name: string; email: string | null; forgotten_at: Date | null }[]>(
      'select uid, display_name, email, forgotten_at from app_user where id = ? for update',
      [person.id],
    );
    // Two admins at once: the second finds it done.
    if (row.forgotten_at) return [];
    await tx.execute(
      `update app_user set uid = ?, display_name = ?, email = null, muted_events = '{}', is_admin = false,
              provisional = false, last_sign_in_at = null, forgotten_at = now() where id = ?`,
      [pseudonymOf(row.uid), FORGOTTEN_NAME, person.id],
    );
    for (const table of ['department_member', 'invitation', 'watcher'])
      await tx.execute(`delete from ${table} where user_id = ?`, [person.id]);
    await tx.execute(
      `update ticket_event set changes = (
         select jsonb_agg(case when c->>'property' = any(?::text[])
                               then c || jsonb_build_object(
                                 'before', case when c->>'before' = ? then to_jsonb(?::text) else c->'before' end,
                                 'after', case when c->>'after' = ? then to_jsonb(?::text) else c->'after' end)
                               else c end order by n)
           from jsonb_array_elements(changes) with ordinality as x(c, n))
        where jsonb_typeof(changes) = 'array' and exists (
          select 1 from jsonb_array_elements(changes) c
           where c->>'property' = any(?::text[]) and (c->>'before' = ? or c->>'after' = ?))`,
      [
        `{${NAMED_PROPERTIES.join(',')}}`,
        row.display_name,
        FORGOTTEN_NAME,
        row.display_name,
        FORGOTTEN_NAME,
        `{${NAMED_PROPERTIES.join(',')}}`,
        row.display_name,
        row.display_name,
      ],
    );
    // Mail out's failures name the recipient: in its table, and in the staff-only MAIL_FAILED entries.
    await tx.execute('update mail_failure set address = null where user_id = ? or (user_id is null and lower(address) = lower(?))', [
      person.id,
      row.email,
    ]);
    // Mail in remembers the sender of every mail it read (stored in lower case).
    if (row.email) await tx.execute('update inbox_message set sender = null where sender = lower(?)', [row.email]);
    for (const said of [row.email, row.display_name].filter((v): v is string => Boolean(v))) {
      await tx.execute(
        `update ticket_event set message = replace(message, ?, ?) where type = 'MAIL_FAILED' and message is not null and position(? in message) > 0`,
        [said, FORGOTTEN_NAME, said],
      );
    }
    const files = await removeFiles(tx, 'uploaded_by_id = ?', [person.id]);
    await audit(tx, actorId, 'FORGET_PERSON', person.id, { files: files.length });
    return files;
  });
  // After the commit: the bytes go; a failure leaves them marked for the sweep (files/pending.ts).
  await releasePending(em, store, keys);
  return true;
}

/**
 * The retention pass (RETENTION_YEARS): tickets ended longer ago than that lose their subject, their
 * messages, the names in their history and their files' bytes; what they were about (category,
 * dates, status) stays for the statistics. Returns how many tickets it anonymised (at most `batch`).
 */
export async function anonymiseOldTickets(em: EntityManager, store: FileStore, years: number, batch = 500): Promise<number> {
  const { count, keys } = await em.fork().transactional(async (tx) => {
    const tickets = await tx.execute<{ id: number }[]>(
      `select id from ticket where anonymized_at is null and ended_at is not null and ended_at < now() - make_interval(years => ?)
        order by ended_at limit ? for update skip locked`,
      [years, batch],
    );
    if (tickets.length === 0) return { count: 0, keys: [] };
    const ids = `{${tickets.map((t) => t.id).join(',')}}`;
    await tx.execute(`update ticket set subject = ?, anonymized_at = now() where id = any(?::int[])`, [ANONYMISED_SUBJECT, ids]);
    await tx.execute(`update ticket_event set message = null, changes = '[]' where ticket_id = any(?::int[])`, [ids]);
    const files = await removeFiles(tx, 'ticket_id = any(?::int[])', [ids]);
    await audit(tx, null, 'RETENTION', null, { tickets: tickets.length, files: files.length, years });
    return { count: tickets.length, keys: files };
  });
  await releasePending(em, store, keys);
  return count;
}

// Marks the matching files deleted and their bytes for removal, in the caller's transaction.
async function removeFiles(tx: EntityManager, where: string, params: unknown[]): Promise<string[]> {
  const rows = await tx.execute<{ storage_key: string }[]>(
    `update attachment set deleted_at = coalesce(deleted_at, now()) where ${where} returning storage_key`,
    params,
  );
  for (const { storage_key } of rows) await markForRemoval(tx, storage_key);
  return rows.map((r) => r.storage_key);
}

async function audit(em: EntityManager, actorId: number | null, action: string, subjectId: number | null, details: object): Promise<void> {
  await em.execute('insert into privacy_audit (actor_id, action, subject_id, details) values (?, ?, ?, ?)', [
    actorId,
    action,
    subjectId,
    JSON.stringify(details),
  ]);
}
