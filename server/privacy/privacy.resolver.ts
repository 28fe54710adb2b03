import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import type { FileStore } from '../files/store.js';
import { assertHandlesPersonalData } from '../policies/privacy.policy.js';
import { forgetPerson, personalData } from './privacy.service.js';

/** GDPR access and erasure (docs/api.md, "Additions for operations"); admins only, each recorded in privacy_audit. */
@Resolver()
export class PrivacyResolver {
  // Absent only where the schema is built to be printed (schema-cli.ts): no request ever runs there.
  constructor(private readonly store?: FileStore) {}

  @Query(() => String, { description: 'Admins: everything the helpdesk holds about one person (uid, email or id), as JSON.' })
  personalData(@Arg('user') user: string, @Ctx() { em, viewer }: RequestContext): Promise<string> {
    assertHandlesPersonalData(viewer);
    return personalData(em, viewer.userId, user);
  }

  @Mutation(() => Boolean, {
    description: 'Admins: erases a departed person (uid, email or id); their tickets’ history stays readable. Twice: true, nothing more.',
  })
  forgetPerson(@Arg('user') user: string, @Ctx() { em, viewer }: RequestContext): Promise<boolean> {
    assertHandlesPersonalData(viewer);
    if (!this.store) throw new Error('PrivacyResolver built without a file store');
    return forgetPerson(em, this.store, viewer.userId, user);
  }
}
