import { Entity, Enum, PrimaryKey, Property, Unique, OptionalProps } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AssignmentMode } from './catalogue.enums.js';

/** What the API shows of a department: the entity has it, and so has a row a ticket read joined (category.rows.ts). */
export interface DepartmentRecord {
  id: number;
  code: string;
  label: string;
  enabled: boolean;
  confidential: boolean;
  reopenDays: number;
  expireDays: number;
  assignmentMode: AssignmentMode;
  alertEmail: string | null;
}

/** A team that handles tickets ("service"), e.g. DNUM — Direction du numérique. */
@ObjectType({ simpleResolvers: true, description: 'A department ("service") that handles tickets.' })
@Entity()
export class Department {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'enabled' | 'confidential' | 'reopenDays' | 'expireDays' | 'assignmentMode' | 'alertEmail' | 'lastAssignedUserId';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field()
  @Unique()
  @Property({ type: 'string', length: 32 })
  code!: string;

  @Field()
  @Property({ type: 'string', length: 200 })
  label!: string;

  @Field()
  @Property({ type: 'boolean' })
  enabled: boolean = true;

  @Field({ description: 'Tickets are shown to its own members, owners and invitees only.' })
  @Property({ type: 'boolean' })
  confidential: boolean = false;

  @Field(() => Int, { description: 'Days after its end during which the owner may reopen a ticket.' })
  @Property({ type: 'integer' })
  reopenDays: number = 30;

  @Field(() => Int, { description: 'Days after a closure request before the closure expires (is approved).' })
  @Property({ type: 'integer' })
  expireDays: number = 14;

  @Field(() => AssignmentMode)
  @Enum({ items: () => AssignmentMode })
  assignmentMode: AssignmentMode = AssignmentMode.NONE;

  /** Where "new ticket" alerts go besides members (a team mailbox); shown to staff only (catalogue.resolver.ts). */
  @Property({ type: 'string', length: 320, nullable: true })
  alertEmail: string | null = null;

  /** The last member given a ticket by ROUND_ROBIN, so the next one is picked after it. */
  @Property({ type: 'integer', nullable: true })
  lastAssignedUserId: number | null = null;
}
