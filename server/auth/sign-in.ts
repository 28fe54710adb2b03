import type { EntityManager } from '@mikro-orm/postgresql';
import type { MemberRole } from '../model/catalogue.enums.js';
import { DEFAULT_LANGUAGE } from '../shared/languages.js';
import { User } from '../model/user.entity.js';
import type { TokenClaims } from './tokens.js';
import type { Viewer } from './viewer.js';
import { runPrepared } from '../db/prepared.js';

/** The uid a provisional (invited-by-email) user carries until its first sign-in. */
export function provisionalUid(email: string): string {
  return `email:${email.toLowerCase()}`;
}

/**
 * Finds or creates the user of verified claims; a first sign-in claims a provisional user invited
 * by the same email, so their invitations follow them. Name and email follow the identity provider
 * at every sign-in; the language is the user's own preference, so the token's locale only seeds it
 * at the first sign-in (creation or claiming) and never overwrites a choice made since.
 */
export async function signIn(em: EntityManager, claims: TokenClaims, adminUids: readonly string[]): Promise<User> {
  let user = await em.findOne(User, { uid: claims.uid });
  if (!user && claims.email) {
    user = await em.findOne(User, { uid: provisionalUid(claims.email), provisional: true });
    if (user) {
      user.uid = claims.uid;
      user.provisional = false;
      if (claims.locale) user.locale = claims.locale;
    }
  }
  if (!user) {
    // Two first requests may race: insert-or-nothing, then read the winner.
    await em.execute(
      `insert into app_user (uid, display_name, email, locale, created_at)
       values (?, ?, ?, ?, now()) on conflict (uid) do nothing`,
      [claims.uid, claims.name ?? claims.uid, claims.email ?? null, claims.locale ?? DEFAULT_LANGUAGE],
    );
    user = await em.findOneOrFail(User, { uid: claims.uid });
  }
  if (claims.name && user.displayName !== claims.name) user.displayName = claims.name;
  if (claims.email && user.email !== claims.email) user.email = claims.email;
  if (adminUids.includes(claims.uid) && !user.isAdmin) user.isAdmin = true;
  await em.flush();
  return user;
}

type UserRow = Record<string, unknown> & { memberships: [number, MemberRole][] };

/** A signed-up user as read on the hot path: the raw `app_user` row and their roles by department. */
export interface KnownUser {
  columns: Readonly<Record<string, unknown>>;
  memberships: ReadonlyMap<number, MemberRole>;
}

/** Reads a user and their memberships in one statement (undefined when the uid is unknown). */
export async function readKnownUser(em: EntityManager, uid: string): Promise<KnownUser | undefined> {
  // A named prepared statement (db/prepared.ts): every request signs in with it.
  const rows = await runPrepared<UserRow[]>(
    em,
    `select u.*, coalesce((select json_agg(json_build_array(m.department_id, m.role)) from department_member m where m.user_id = u.id), '[]') as memberships
     from app_user u where u.uid = ?`,
    [uid],
    'generic',
  );
  const row = rows.at(0);
  if (!row) return undefined;
  const { memberships, ...columns } = row;
  return { columns, memberships: new Map(memberships) };
}

/**
 * The hot path of every request: a user who exists and whose claims have not changed becomes the
 * viewer with nothing to write (the token's locale only seeds the language at the first sign-in).
 * Anything else (a changed name or email, a new admin) answers undefined and goes through `signIn`.
 */
export function knownViewer(em: EntityManager, known: KnownUser, claims: TokenClaims, adminUids: readonly string[]): Viewer | undefined {
  const user = em.map(User, { ...known.columns });
  if (needsUpdate(user, claims, adminUids)) return undefined;
  return { user, userId: user.id, isAdmin: user.isAdmin, memberships: known.memberships };
}

function needsUpdate(user: User, claims: TokenClaims, adminUids: readonly string[]): boolean {
  return (
    (!!claims.name && user.displayName !== claims.name) ||
    (!!claims.email && user.email !== claims.email) ||
    (adminUids.includes(claims.uid) && !user.isAdmin)
  );
}
