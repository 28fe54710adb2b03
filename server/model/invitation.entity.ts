import { Entity, ManyToOne, PrimaryKey, Property, type Ref, Unique, OptionalProps } from '@mikro-orm/core';
import { User } from './user.entity.js';
import { Ticket } from './ticket.entity.js';

/** What the read side needs of an invitation (the entity, or a row read by SQL): its invitee's id. */
export interface InvitationRecord {
  user: { id: number };
}

/** A user added to one ticket ("invité"): reads it, comments, attaches files, is notified. */
@Entity()
@Unique({ properties: ['ticket', 'user'] })
export class Invitation {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Ticket, { ref: true })
  ticket!: Ref<Ticket>;

  @ManyToOne(() => User, { ref: true, index: true })
  user!: Ref<User>;

  /** Whoever invited may also remove the invitation. */
  @ManyToOne(() => User, { ref: true })
  invitedBy!: Ref<User>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
