import { Collection, Entity, Enum, ManyToMany, ManyToOne, PrimaryKey, Property, type Ref, Unique, OptionalProps } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AlertPreference, MemberRole } from './catalogue.enums.js';
import { Category } from './category.entity.js';
import { Department } from './department.entity.js';
import { User } from './user.entity.js';

/** A user who works a department's tickets, as manager or supervisor. */
@ObjectType({ simpleResolvers: true, description: 'A member of a department: manager ("gestionnaire") or supervisor.' })
@Entity()
@Unique({ properties: ['department', 'user'] })
export class DepartmentMember {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'role' | 'available' | 'alert' | 'digestHours' | 'digestWeekends';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Department, { ref: true })
  department!: Ref<Department>;

  @ManyToOne(() => User, { ref: true, index: true })
  user!: Ref<User>;

  @Field(() => MemberRole)
  @Enum({ items: () => MemberRole })
  role: MemberRole = MemberRole.MANAGER;

  /** Only available members receive automatically assigned tickets. */
  @Field()
  @Property({ type: 'boolean' })
  available: boolean = true;

  @Field(() => AlertPreference)
  @Enum({ items: () => AlertPreference })
  alert: AlertPreference = AlertPreference.ALL;

  @Field(() => [Int], { description: "Hours (0–23, the server's time zone) at which the member gets the daily digest; empty: none." })
  @Property({ type: 'smallint[]', columnType: 'smallint[]' })
  digestHours: number[] = [];

  @Field({ description: 'Whether the digest also comes on Saturdays and Sundays.' })
  @Property({ type: 'boolean' })
  digestWeekends: boolean = false;

  /** The categories "my categories" alerts are about. */
  @ManyToMany(() => Category)
  categories = new Collection<Category>(this);
}
