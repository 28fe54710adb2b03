import { Entity, ManyToOne, PrimaryKey, Property, type Ref, Unique, OptionalProps } from '@mikro-orm/core';
import { User } from './user.entity.js';
import { Ticket } from './ticket.entity.js';

/** Someone who may read a ticket and asked to be notified of it ("Surveillance du ticket"). */
@Entity()
@Unique({ properties: ['ticket', 'user'] })
export class Watcher {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Ticket, { ref: true })
  ticket!: Ref<Ticket>;

  @ManyToOne(() => User, { ref: true, index: true })
  user!: Ref<User>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
