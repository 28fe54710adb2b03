import { ArrayType, Entity, PrimaryKey, Property, Unique, OptionalProps } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/** What the API shows of a person: the entity has it, and so has a row a list joined (user.rows.ts). */
export interface UserRecord {
  id: number;
  uid: string;
  displayName: string;
  email: string | null;
  locale: string;
}

/** Anyone who signs in through the ENT; created on first sign-in from the token's claims. */
@ObjectType({ simpleResolvers: true, description: 'A person known to the helpdesk.' })
@Entity({ tableName: 'app_user' })
export class User {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'email' | 'locale' | 'isAdmin' | 'provisional' | 'mutedEvents' | 'createdAt' | 'lastSignInAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** The identity provider's uid; `email:<address>` while an invited user has not signed in yet. */
  @Field()
  @Unique()
  @Property({ type: 'string', length: 320 })
  uid!: string;

  @Field()
  @Property({ type: 'string', length: 200 })
  displayName!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 320, nullable: true, index: true })
  email: string | null = null;

  /** The language chosen in the preferences (fr, en); the token's locale only seeds it at the first sign-in. */
  @Field({ description: 'Preferred language: fr or en.' })
  @Property({ type: 'string', length: 5 })
  locale: string = 'fr';

  @Property({ type: 'boolean' })
  isAdmin: boolean = false;

  /** Invited by email before ever signing in: the first sign-in with that email claims it. */
  @Property({ type: 'boolean' })
  provisional: boolean = false;

  /**
   * The ticket event types the user does NOT want mailed. Stored as the list turned off, not the list
   * turned on, so every mail defaults to on (docs/domain.md, "Notifications") — also for event types added later.
   */
  @Property({ type: ArrayType, columnType: 'text[]' })
  mutedEvents: string[] = [];

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastSignInAt: Date | null = null;
}
