import { Arg, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { canSeeEmail } from '../policies/user.policy.js';
import { BadInputError } from '../errors.js';
import { listBound } from '../limits/list-bounds.js';
import { User } from '../model/user.entity.js';
import { PEOPLE_FOUND, searchPeople, type PersonRecord } from './people.service.js';

/** The signed-in user, and the people search of "Inviter un utilisateur". */
@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() { viewer }: RequestContext): User {
    return viewer.user;
  }

  @Query(() => [User], {
    description: `People matching a uid, name or email (at least 2 characters; ${PEOPLE_FOUND} at most), and with a directory its people who never signed in (id \`ldap:<uid>\`, usable wherever a uid is taken).`,
  })
  @Extensions(listBound(PEOPLE_FOUND))
  async users(@Arg('search') search: string, @Ctx() ctx: RequestContext): Promise<PersonRecord[]> {
    const text = search.trim();
    if (text.length < 2) throw new BadInputError('search must have at least 2 characters', 'search');
    return searchPeople(ctx, text);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Shown to the person themselves and to staff.' })
  email(@Root() user: PersonRecord, @Ctx() { viewer }: RequestContext): string | null {
    return canSeeEmail(viewer, user) ? user.email : null;
  }
}
