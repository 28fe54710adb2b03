import type { EntityManager } from '@mikro-orm/postgresql';
import { provisionalUid } from '../auth/sign-in.js';
import { BadInputError } from '../errors.js';
import { parseId } from '../shared/ids.js';
import { escapeLike } from '../shared/sql.js';
import { isEmail } from '../shared/values.js';
import { User } from '../model/user.entity.js';

/**
 * The user an argument names by uid or email ("Inviter un utilisateur", changeOwner): an unknown uid
 * is BAD_USER_INPUT on `field`; an unknown email becomes a provisional user who claims it at first
 * sign-in, so the answer never tells whether an address is known.
 */
export async function userNamed(tx: EntityManager, who: string, field: string): Promise<User> {
  const text = who.trim();
  if (isEmail(text)) {
    const known = await tx.findOne(User, { email: { $ilike: escapeLike(text) } });
    if (known) return known;
    const uid = provisionalUid(text);
    return (await tx.findOne(User, { uid })) ?? tx.create(User, { uid, displayName: text, email: text, provisional: true });
  }
  const user = text && text.length <= 64 ? await tx.findOne(User, { uid: text }) : null;
  if (!user) throw new BadInputError(`Unknown user ${text.slice(0, 64)}`, field, undefined, 'UNKNOWN_USER');
  return user;
}

/** A user id argument; one that cannot be an id is BAD_USER_INPUT on `field`, like an unknown one. */
export function userIdArg(id: string, field: string): number {
  try {
    return parseId('User', id);
  } catch {
    throw new BadInputError('Unknown user', field);
  }
}
