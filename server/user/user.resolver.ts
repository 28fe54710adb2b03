import { Arg, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { canSeeEmail, canSeeEmails } from '../policies/user.policy.js';
import { BadInputError } from '../errors.js';
import { listBound } from '../limits/list-bounds.js';
import { likeContains } from '../shared/sql.js';
import { User, type UserRecord } from '../model/user.entity.js';

/** Most people one search finds. */
const PEOPLE_FOUND = 20;

/** The signed-in user, and the people search of "Inviter un utilisateur". */
@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() { viewer }: RequestContext): User {
    return viewer.user;
  }

  @Query(() => [User], { description: `People matching a uid, name or email (at least 2 characters; ${PEOPLE_FOUND} at most).` })
  @Extensions(listBound(PEOPLE_FOUND))
  async users(@Arg('search') search: string, @Ctx() { em, viewer }: RequestContext): Promise<User[]> {
    const text = search.trim();
    if (text.length < 2) throw new BadInputError('search must have at least 2 characters', 'search');
    const pattern = likeContains(text.slice(0, 100));
    // Those who may not see emails may find someone by a whole address, never probe one piece by piece.
    const byEmail = canSeeEmails(viewer) ? ['lower(u.email) like lower(?)', pattern] : ['lower(u.email) = lower(?)', text];
    return (
      em
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
        .getResultList()
    );
  }

  @FieldResolver(() => String, { nullable: true, description: 'Shown to the person themselves and to staff.' })
  email(@Root() user: UserRecord, @Ctx() { viewer }: RequestContext): string | null {
    return canSeeEmail(viewer, user) ? user.email : null;
  }
}
