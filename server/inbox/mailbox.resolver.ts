import { Arg, Ctx, Extensions, ID, Mutation, Query, Resolver } from 'type-graphql';
import { listBound } from '../limits/list-bounds.js';
import type { RequestContext } from '../auth/context.js';
import { Mailbox } from '../model/mailbox.entity.js';
import { MailboxInput } from './mailbox.inputs.js';
import * as mailboxes from './mailbox.service.js';

/** The mailboxes read into categories (docs/api.md, "Additions for mail in"): admins, and supervisors for their departments. */
@Resolver(() => Mailbox)
export class MailboxResolver {
  /** `secret` seals passwords (MAILBOX_SECRET); the schema file is written without one. */
  constructor(private readonly secret = '') {}

  @Query(() => [Mailbox], {
    description: "The mailboxes one may manage: all for admins, their departments' for supervisors (the first 1,000).",
  })
  @Extensions(listBound(mailboxes.MOST_MAILBOXES))
  mailboxes(@Ctx() { em, viewer }: RequestContext): Promise<Mailbox[]> {
    return mailboxes.listMailboxes(em, viewer);
  }

  @Mutation(() => Mailbox, { description: 'Creates (no id) or updates a mailbox; its password is stored encrypted and never read back.' })
  saveMailbox(
    @Arg('id', () => ID, { nullable: true }) id: string | null,
    @Arg('input', () => MailboxInput) input: MailboxInput,
    @Ctx() { em, viewer }: RequestContext,
  ): Promise<Mailbox> {
    return mailboxes.saveMailbox(em, viewer, this.secret, id, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes a mailbox; the tickets it filed stay.' })
  deleteMailbox(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: RequestContext): Promise<boolean> {
    return mailboxes.deleteMailbox(em, viewer, id);
  }
}
