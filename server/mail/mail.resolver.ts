import { Arg, Ctx, Extensions, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { BadInputError } from '../errors.js';
import { listBound } from '../limits/list-bounds.js';
import { assertAdmin } from '../policies/catalogue.policy.js';
import { recentMailFailures } from './mail-failure.rows.js';

const MOST_FAILURES = 200;

/** A mail given up on: a permanent refusal (5xx), retries exhausted, or no usable address. */
@ObjectType({ simpleResolvers: true, description: 'A mail the helpdesk could not deliver (docs/api.md, "Mail").' })
export class MailFailure {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field(() => Int, {
    nullable: true,
    description: "The ticket the mail was about (its number); null: about none (mail in's answer to a mail it did not file).",
  })
  ticketId!: number | null;

  @Field(() => ID, { nullable: true, description: 'The recipient, when a person (null: an alert address).' })
  userId!: number | null;

  @Field(() => String, { nullable: true, description: 'The address tried (null: the person has none).' })
  address!: string | null;

  @Field({ description: 'The Message-ID the mail had on every try.' })
  messageId!: string;

  @Field({ description: "The SMTP server's answer, or why no mail was tried." })
  reason!: string;
}

/** `mailFailures`: for admins, the mails not delivered, newest first. */
@Resolver()
export class MailResolver {
  @Query(() => [MailFailure], { description: `Mails not delivered, newest first (admins; ${MOST_FAILURES} at most).` })
  @Extensions(listBound(MOST_FAILURES))
  async mailFailures(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() { em, viewer }: RequestContext,
  ): Promise<MailFailure[]> {
    assertAdmin(viewer);
    if (first < 1 || first > MOST_FAILURES) throw new BadInputError(`first must be between 1 and ${MOST_FAILURES}`, 'first');
    return recentMailFailures(em, first);
  }
}
