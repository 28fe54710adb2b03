import { ArrayType, Entity, ManyToOne, PrimaryKey, Property, Unique, OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { ServiceScope } from './service-account.enums.js';
import { User } from './user.entity.js';

/**
 * Another service's credentials (a student-records application, a form tool): a random key, stored
 * as its SHA-256 only, with scopes and departments. The account acts through a user of its own
 * (`user`, uid `service:<id>`, named after the account) so every write path records it like a person,
 * and its rate-limit and write budgets are its own.
 */
@ObjectType('ServiceAccount', { description: "Another service's credentials: scopes in some departments." })
@Entity()
export class ServiceAccount {
  [OptionalProps]?: 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt' | 'createdBy';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field()
  @Property({ type: 'string', length: 100 })
  name!: string;

  /** SHA-256 of the key, hex: the key itself is shown once and never stored. */
  @Unique()
  @Property({ type: 'string', length: 64 })
  keyHash!: string;

  @Field(() => [ServiceScope])
  @Property({ type: ArrayType, columnType: 'text[]' })
  scopes!: ServiceScope[];

  @Property({ type: ArrayType<number>, columnType: 'int[]' })
  departmentIds!: number[];

  /** The account's own user: the actor of what it does, the key of its budgets. */
  @ManyToOne(() => User, { ref: true })
  user!: Ref<User>;

  @ManyToOne(() => User, { ref: true, nullable: true })
  createdBy: Ref<User> | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  expiresAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}
