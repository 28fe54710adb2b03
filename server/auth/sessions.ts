import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The session cookie's name (docs/api.md, "Who is asking"). */
export const SESSION_COOKIE = 'helpdesk_session';

/** How a session was opened. */
export type SessionProvider = 'cas' | 'oidc';

/** A session just opened: the cookie's value (shown this once, stored only hashed) and its end. */
export interface OpenedSession {
  token: string;
  expiresAt: Date;
}

/** A live session as a request finds it. */
export interface FoundSession {
  /** `session:<id>`: names the session to the live connections it opened, to close them when it ends. */
  credential: string;
  uid: string;
  expiresAt: Date;
}

/** 32 random bytes: the cookie's value cannot be guessed, and the database only ever holds its hash. */
const TOKEN_BYTES = 32;
/** A session cookie is base64url of TOKEN_BYTES bytes; anything else is not one of ours (no statement spent). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The credential name of a session, as live connections and the revocation signal carry it. */
export function sessionCredential(id: string | number): string {
  return `session:${id}`;
}

function hash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Opens a session for a signed-in user; `casTicket` is the service ticket that opened it (for CAS single logout). */
export async function openSession(
  em: EntityManager,
  opts: { userId: number; provider: SessionProvider; hours: number; casTicket?: string },
): Promise<OpenedSession> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  // Sessions over for a day are only kept for the record a while: each sign-in clears a few of them away.
  await em.execute(
    `delete from auth_session where id in (select id from auth_session where expires_at < now() - interval '1 day' or revoked_at < now() - interval '1 day' limit 100)`,
  );
  const rows = await em.execute<{ expires_at: Date }[]>(
    `insert into auth_session (token_hash, user_id, provider, cas_ticket_hash, expires_at)
     values (?, ?, ?, ?, now() + make_interval(hours => ?)) returning expires_at`,
    [hash(token), opts.userId, opts.provider, opts.casTicket ? hash(opts.casTicket) : null, opts.hours],
  );
  return { token, expiresAt: new Date(rows[0].expires_at) };
}

/**
 * The session of a cookie's value, when open: not revoked, not expired. Read from PostgreSQL at every
 * request (no cache), so a logout on any instance takes effect at once everywhere.
 */
export async function findSession(em: EntityManager, token: string): Promise<FoundSession | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const rows = await em.execute<{ id: string; uid: string; expires_at: Date }[]>(
    `select s.id::text as id, u.uid, s.expires_at from auth_session s join app_user u on u.id = s.user_id
     where s.token_hash = ? and s.revoked_at is null and s.expires_at > now()`,
    [hash(token)],
  );
  const row = rows.at(0);
  return row && { credential: sessionCredential(row.id), uid: row.uid, expiresAt: new Date(row.expires_at) };
}

/** Ends the session of a cookie's value; its credential when one was open (to close its sockets). */
export async function revokeSession(em: EntityManager, token: string): Promise<string | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const rows = await em.execute<{ id: string }[]>(
    `update auth_session set revoked_at = now() where token_hash = ? and revoked_at is null returning id::text as id`,
    [hash(token)],
  );
  return rows.at(0) && sessionCredential(rows[0].id);
}

/** CAS single logout: ends the sessions the service ticket opened (normally one), and names them. */
export async function revokeCasSessions(em: EntityManager, ticket: string): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `update auth_session set revoked_at = now() where cas_ticket_hash = ? and revoked_at is null returning id::text as id`,
    [hash(ticket)],
  );
  return rows.map((row) => sessionCredential(row.id));
}

/** What a login remembers between its redirect and its callback (OIDC): looked up by its state. */
export interface PendingLogin {
  verifier: string;
  nonce: string;
  returnTo: string;
}

/** A login not finished within this is forgotten. */
const LOGIN_MINUTES = 10;

/** Remembers a login under way, under the hash of its `state`. */
export async function rememberLogin(em: EntityManager, state: string, login: PendingLogin): Promise<void> {
  await em.execute(`delete from auth_login where created_at < now() - make_interval(mins => ?)`, [LOGIN_MINUTES]);
  await em.execute(`insert into auth_login (state_hash, verifier, nonce, return_to) values (?, ?, ?, ?)`, [
    hash(state),
    login.verifier,
    login.nonce,
    login.returnTo,
  ]);
}

/** Takes back a login under way: once only (deleted as it is read), and only within LOGIN_MINUTES. */
export async function takeLogin(em: EntityManager, state: string): Promise<PendingLogin | undefined> {
  const rows = await em.execute<{ verifier: string; nonce: string; return_to: string }[]>(
    `delete from auth_login where state_hash = ? and created_at > now() - make_interval(mins => ?) returning verifier, nonce, return_to`,
    [hash(state), LOGIN_MINUTES],
  );
  const row = rows.at(0);
  return row && { verifier: row.verifier, nonce: row.nonce, returnTo: row.return_to };
}
