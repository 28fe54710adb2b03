import { Field, ID, InputType, Int } from 'type-graphql';
import type { MailboxChanges } from './mailbox-changes.js';

/** saveMailbox's input (docs/api.md, "Additions for mail in"). */
@InputType({ description: 'An IMAP mailbox read into a category.' })
export class MailboxInput implements MailboxChanges {
  @Field(() => ID)
  categoryId!: string;

  @Field()
  host!: string;

  @Field(() => Int)
  port!: number;

  @Field({ description: 'Implicit TLS (IMAPS); false: plain IMAP, upgraded with STARTTLS when the server offers it.' })
  tls!: boolean;

  @Field()
  user!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Required when creating; absent on an update keeps the stored one. Never read back.',
  })
  password?: string | null;

  @Field(() => String, { nullable: true, defaultValue: 'INBOX' })
  folder?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;
}
