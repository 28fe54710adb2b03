import type { RequestContext } from '../auth/context.js';
import { signIn } from '../auth/sign-in.js';
import type { DirectoryPerson } from '../directory/ldap-directory.js';
import { User, type UserRecord } from '../model/user.entity.js';
import { canSeeEmails } from '../policies/user.policy.js';
import { DEFAULT_LANGUAGE } from '../shared/languages.js';
import { likeContains } from '../shared/sql.js';
import { isEmail } from '../shared/values.js';

/** Most people one search finds, local and directory together. */
export const PEOPLE_FOUND = 20;
/** How a directory person who never signed in is named by id: `ldap:<uid>` (a user id is a number). */
const DIRECTORY_ID = 'ldap:';

/** A person a search found: a user (numeric id), or a directory person who never signed in (`ldap:<uid>`). */
export type PersonRecord = Omit<UserRecord, 'id'> & { id: number | string };

/**
 * "Inviter un utilisateur"'s search: local users whose uid, name or email contains the text, then, with
 * a directory, its people not yet known here, up to PEOPLE_FOUND in all. The directory's failure or
 * silence leaves the local results alone (ldap-directory.ts never throws).
 */
export async function searchPeople(ctx: RequestContext, text: string): Promise<PersonRecord[]> {
  const { em, viewer } = ctx;
  const pattern = likeContains(text.slice(0, 100));
  // Those who may not see emails may find someone by a whole address, never probe one piece by piece.
  const wholeEmailOnly = !canSeeEmails(viewer);
  const byEmail = wholeEmailOnly ? ['lower(u.email) = lower(?)', text] : ['lower(u.email) like lower(?)', pattern];
  const local = await em
    .createQueryBuilder(User, 'u')
    .select('u.*')
    .where({ provisional: false })
    // A service account's own user is nobody to invite.
    .andWhere(`u.uid not like 'service:%'`)
    .andWhere(
      `(unaccent(lower(u.uid)) like unaccent(lower(?)) or unaccent(lower(u.display_name)) like unaccent(lower(?)) or ${byEmail[0]})`,
      [pattern, pattern, byEmail[1]],
    )
    .orderBy({ displayName: 'asc' })
    .limit(PEOPLE_FOUND)
    .getResultList();
  const room = PEOPLE_FOUND - local.length;
  if (!ctx.directory || room <= 0) return local;
  const found = await ctx.directory.search(text.slice(0, 100), PEOPLE_FOUND, { wholeEmailOnly });
  // Someone already known here is found (or not) by the local search, with their local record.
  const known = found.length === 0 ? [] : await em.find(User, { uid: { $in: found.map((p) => p.uid) } }, { fields: ['uid'] });
  const knownUids = new Set(known.map((u) => u.uid));
  const fresh = found.filter((p) => !knownUids.has(p.uid)).slice(0, room);
  return [...local, ...fresh.map(recordOf)];
}

function recordOf(person: DirectoryPerson): PersonRecord {
  return {
    id: `${DIRECTORY_ID}${person.uid}`,
    uid: person.uid,
    displayName: person.displayName,
    email: person.email,
    locale: DEFAULT_LANGUAGE,
  };
}

/**
 * Makes the person an argument names (a uid, a directory id `ldap:<uid>`, or an email) usable by the
 * actions: a directory person who never signed in becomes a user from their directory entry, as their
 * first sign-in would make them (claiming an invitation sent to their address). Answers the uid or
 * email to hand on; anything unknown is handed on as is, for the action to refuse.
 */
export async function personArgument(ctx: RequestContext, who: string): Promise<string> {
  const text = who.trim();
  const uid = text.startsWith(DIRECTORY_ID) ? text.slice(DIRECTORY_ID.length) : text;
  if (!ctx.directory || isEmail(uid) || uid === '' || uid.length > 64) return uid;
  if (await ctx.em.findOne(User, { uid }, { fields: ['id'] })) return uid;
  const person = await ctx.directory.find(uid);
  if (!person) return uid;
  await signIn(ctx.em.fork(), { uid: person.uid, name: person.displayName, email: person.email ?? undefined }, []);
  return uid;
}
