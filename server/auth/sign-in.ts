import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenClaims } from './tokens.js';
import { User } from '../user/user.entity.js';

/** The uid a provisional (invited-by-email) user carries until its first sign-in. */
export function provisionalUid(email: string): string {
  return `email:${email.toLowerCase()}`;
}

/**
 * Finds or creates the user of verified claims; a first sign-in claims a provisional user invited
 * by the same email, so their invitations follow them.
 */
export async function signIn(em: EntityManager, claims: TokenClaims, adminUids: readonly string[]): Promise<User> {
  let user = await em.findOne(User, { uid: claims.uid });
  if (!user && claims.email) {
    user = await em.findOne(User, { uid: provisionalUid(claims.email), provisional: true });
    if (user) {
      user.uid = claims.uid;
      user.provisional = false;
    }
  }
  if (!user) {
    // Two first requests may race: insert-or-nothing, then read the winner.
    await em.execute(
      `insert into app_user (uid, display_name, email, locale, notification_preferences, created_at)
       values (?, ?, ?, ?, '{}', now()) on conflict (uid) do nothing`,
      [claims.uid, claims.name ?? claims.uid, claims.email ?? null, claims.locale ?? 'fr'],
    );
    user = await em.findOneOrFail(User, { uid: claims.uid });
  }
  if (claims.name && user.displayName !== claims.name) user.displayName = claims.name;
  if (claims.email && user.email !== claims.email) user.email = claims.email;
  if (claims.locale && user.locale !== claims.locale) user.locale = claims.locale;
  if (adminUids.includes(claims.uid) && !user.isAdmin) user.isAdmin = true;
  await em.flush();
  return user;
}
