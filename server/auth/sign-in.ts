import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_LANGUAGE } from '../shared/languages.js';
import type { TokenClaims } from './tokens.js';
import { User } from '../user/user.entity.js';

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
