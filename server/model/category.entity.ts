import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
  type Ref,
  OptionalProps,
} from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AssignmentMode } from './catalogue.enums.js';
import { Department } from './department.entity.js';
import { Faq } from './faq.entity.js';
import { TicketVisibility } from './ticket.enums.js';

/**
 * What the API shows of a category: the entity has it, and so has a row a ticket list joined
 * (category.rows.ts). Its department and parent are ids, so its field resolvers serve both.
 */
export interface CategoryRecord {
  id: number;
  department: { id: number };
  parent: { id: number } | null;
  label: string;
  path: string;
  enabled: boolean;
  hidden: boolean;
  position: number;
  defaultPriority: number | null;
  defaultVisibility: TicketVisibility | null;
  subjectTemplate: string | null;
  messageTemplate: string | null;
  assignmentMode: AssignmentMode | null;
  alertEmail: string | null;
}

/** A node of a department's category tree; the category a user picks routes the ticket. */
@ObjectType({ simpleResolvers: true, description: 'A ticket category; its path reads like "DNUM - ENT".' })
@Entity()
@Index({ properties: ['department', 'parent'] })
export class Category {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?:
    | 'parent'
    | 'enabled'
    | 'hidden'
    | 'position'
    | 'defaultPriority'
    | 'defaultVisibility'
    | 'subjectTemplate'
    | 'messageTemplate'
    | 'assignmentMode'
    | 'alertEmail';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Department, { ref: true })
  department!: Ref<Department>;

  @ManyToOne(() => Category, { ref: true, nullable: true })
  parent: Ref<Category> | null = null;

  @OneToMany(() => Category, (c) => c.parent)
  children = new Collection<Category>(this);

  @ManyToMany(() => Faq, (f) => f.categories)
  faqs = new Collection<Faq>(this);

  @Field()
  @Property({ type: 'string', length: 200 })
  label!: string;

  /** Labels from the root, joined by " - "; kept in the row so filtering is one query. */
  @Field()
  @Property({ type: 'string', length: 2000 })
  path!: string;

  @Field()
  @Property({ type: 'boolean' })
  enabled: boolean = true;

  /** Hidden categories keep their tickets but are not offered when filing. */
  @Field()
  @Property({ type: 'boolean' })
  hidden: boolean = false;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position: number = 0;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  defaultPriority: number | null = null;

  @Field(() => TicketVisibility, { nullable: true })
  @Enum({ items: () => TicketVisibility, nullable: true })
  defaultVisibility: TicketVisibility | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  subjectTemplate: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  messageTemplate: string | null = null;

  /** Overrides the department's assignment mode when set. */
  @Field(() => AssignmentMode, { nullable: true })
  @Enum({ items: () => AssignmentMode, nullable: true })
  assignmentMode: AssignmentMode | null = null;

  /** Where this category's "new ticket" alerts go; shown to staff only (catalogue.resolver.ts). */
  @Property({ type: 'string', length: 320, nullable: true })
  alertEmail: string | null = null;
}
