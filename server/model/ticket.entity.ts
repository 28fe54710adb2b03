import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Category } from './category.entity.js';
import { Department } from './department.entity.js';
import { User } from './user.entity.js';
import { TicketOrigin, TicketVisibility } from './ticket.enums.js';
import { TicketStatus } from './ticket-status.js';

/**
 * What the read side needs of a ticket. The entity has it, and so has a row read by one SQL statement
 * (ticket.rows.ts): the field resolvers read only this, so lists, the view, mutation results and live
 * payloads share them. Relations carry their id (rows may carry the whole related row).
 */
export interface TicketRecord {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: number;
  visibility: TicketVisibility;
  origin: TicketOrigin;
  owner: { id: number };
  creator: { id: number };
  manager: { id: number } | null;
  category: { id: number };
  department: { id: number };
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
  recallAt: Date | null;
  closureRequestedAt: Date | null;
  endedAt: Date | null;
  spentMinutes: number;
}

/** A request for help; its primary key is the public, sequential number ("TICKET n°53350"). */
@ObjectType({
  simpleResolvers: true,
  description:
    'A ticket. Its id is its public number. Someone who may only read the subject of a SUBJECT_ONLY ticket gets its id, number, subject, status and createdAt (and their own watching and allowedActions): every other field is null or empty for them.',
})
@Entity()
@Index({ properties: ['department', 'status'] })
@Index({ properties: ['owner', 'lastActivityAt'] })
@Index({ properties: ['manager', 'status'] })
export class Ticket {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?:
    | 'status'
    | 'priority'
    | 'visibility'
    | 'origin'
    | 'manager'
    | 'createdAt'
    | 'updatedAt'
    | 'lastActivityAt'
    | 'recallAt'
    | 'closureRequestedAt'
    | 'endedAt'
    | 'spentMinutes'
    | 'clientRequestId'
    | 'version';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** The id again, resolved from it (ticket-fields.resolver.ts); declared here only for its place in the schema. */
  @Field(() => Int)
  number?: number;

  @Field()
  @Property({ type: 'string', length: 200 })
  subject!: string;

  @Field(() => TicketStatus)
  @Enum({ items: () => TicketStatus })
  status: TicketStatus = TicketStatus.FREE;

  /** 1 (very low) … 5 (very high). */
  @Property({ type: 'smallint' })
  priority: number = 3;

  @Enum({ items: () => TicketVisibility })
  visibility: TicketVisibility = TicketVisibility.PRIVATE;

  @Enum({ items: () => TicketOrigin })
  origin: TicketOrigin = TicketOrigin.WEB;

  @ManyToOne(() => User, { ref: true })
  owner!: Ref<User>;

  @ManyToOne(() => User, { ref: true })
  creator!: Ref<User>;

  /** The ticket manager; kept after the end so a reopen can give it back. */
  @ManyToOne(() => User, { ref: true, nullable: true })
  manager: Ref<User> | null = null;

  @ManyToOne(() => Category, { ref: true })
  category!: Ref<Category>;

  @ManyToOne(() => Department, { ref: true })
  department!: Ref<Department>;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** Newest first in lists; also the keyset pagination key with the id. */
  @Property({ type: 'datetime' })
  lastActivityAt: Date = new Date();

  /** When a postponed ticket comes back. */
  @Property({ type: 'datetime', nullable: true })
  recallAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  closureRequestedAt: Date | null = null;

  /** When it reached a closed status; starts the owner's reopen window. */
  @Property({ type: 'datetime', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'integer' })
  spentMinutes: number = 0;

  /** The filer's key for this filing (CreateTicketInput.clientRequestId), unique per creator: a retry finds this ticket. */
  @Property({ type: 'string', length: 100, nullable: true })
  clientRequestId: string | null = null;

  /** Optimistic lock: a stale write fails instead of losing an update. */
  @Property({ type: 'integer', version: true })
  version!: number;
}
