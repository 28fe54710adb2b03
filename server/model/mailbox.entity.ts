import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Category } from './category.entity.js';

/**
 * An IMAP mailbox whose mails become tickets of one category (README, "Mail in"). The password is
 * kept encrypted (`passwordSecret`, inbox/mailbox-secret.ts) and is no field of the API: it is never
 * read back, only replaced.
 */
@ObjectType({ description: 'An IMAP mailbox read into a category; never shows its password.' })
@Entity({ tableName: 'mailbox' })
export class Mailbox {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'folder' | 'enabled' | 'lastPolledAt' | 'lastError' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => Category)
  @ManyToOne(() => Category, { eager: true, deleteRule: 'cascade' })
  category!: Category;

  @Field()
  @Property({ type: 'string', length: 255 })
  host!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  port!: number;

  @Field({ description: 'Implicit TLS (IMAPS, usually port 993); false: plain IMAP upgraded with STARTTLS when offered.' })
  @Property({ type: 'boolean' })
  tls!: boolean;

  @Field()
  @Property({ type: 'string', length: 320, fieldName: 'username' })
  user!: string;

  /** AES-GCM of the password under a key derived from MAILBOX_SECRET; never a field of the API. */
  @Property({ type: 'text', hidden: true })
  passwordSecret!: string;

  @Field()
  @Property({ type: 'string', length: 255 })
  folder: string = 'INBOX';

  @Field()
  @Property({ type: 'boolean' })
  enabled: boolean = true;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastPolledAt: Date | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last reading failed (connection, sign-in), without secrets; null once it works.',
  })
  @Property({ type: 'string', length: 500, nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
