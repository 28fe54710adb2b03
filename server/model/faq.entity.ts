import { Collection, Entity, ManyToMany, ManyToOne, PrimaryKey, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Category } from './category.entity.js';
import { Department } from './department.entity.js';

/** A FAQ entry, shown in step 2 of the wizard for the categories it is linked to. */
@ObjectType({ simpleResolvers: true, description: 'A FAQ entry ("Éléments de FAQs en liaison avec cette catégorie").' })
@Entity()
export class Faq {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'enabled';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Department, { ref: true })
  department!: Ref<Department>;

  @Field()
  @Property({ type: 'string', length: 300 })
  title!: string;

  /** Sanitised HTML. */
  @Field()
  @Property({ type: 'text' })
  content!: string;

  @Field()
  @Property({ type: 'boolean' })
  enabled: boolean = true;

  @ManyToMany({ entity: () => Category, inversedBy: 'faqs', owner: true })
  categories = new Collection<Category>(this);
}
