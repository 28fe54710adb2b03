import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from './user.entity.js';
import { EntryVisibility, TicketEventType } from './ticket.enums.js';
import { TicketStatus } from './ticket-status.js';
import { Ticket } from './ticket.entity.js';

/** The stable keys of a history entry's changes (labels of kind `property` name them; docs/lifecycle.md, "History"). */
export type ChangedProperty =
  'subject' | 'priority' | 'visibility' | 'origin' | 'spentMinutes' | 'category' | 'manager' | 'owner' | 'invitee' | 'recallAt' | 'file';

/**
 * One property changed by an action, as stored: names and paths as they read when it was written
 * (a later rename never rewrites history), enum keys and ISO dates raw (worded when read, in the reader's language).
 */
export interface StoredChange {
  property: ChangedProperty;
  before: string | null;
  after: string | null;
}

/**
 * What the read side needs of a history entry. The entity has it (mutation results, live payloads),
 * and so has a row read by SQL (ticket-event.rows.ts): field resolvers read only this. Relations carry their id.
 */
export interface TicketEventRecord {
  id: string;
  ticket: { id: number };
  type: TicketEventType;
  at: Date;
  actor: { id: number } | null;
  statusBefore: TicketStatus | null;
  statusAfter: TicketStatus;
  message: string | null;
  visibility: EntryVisibility;
  changes: StoredChange[];
  /** The service account the entry was written through, by its name then; null for people and the scheduler. */
  via: string | null;
}

/** A history entry ("Historique"): exactly one per action, never changed afterwards. */
@ObjectType('TicketEvent', { simpleResolvers: true, description: 'One entry of a ticket history.' })
@Entity()
export class TicketEvent {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'at' | 'actor' | 'statusBefore' | 'message' | 'visibility' | 'changes' | 'silent' | 'via';

  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Ticket, { ref: true, index: true })
  ticket!: Ref<Ticket>;

  @Field(() => TicketEventType)
  @Enum({ items: () => TicketEventType })
  type!: TicketEventType;

  @Field()
  @Property({ type: 'datetime' })
  at: Date = new Date();

  /** Null for the scheduler (recall, expiry). */
  @ManyToOne(() => User, { ref: true, nullable: true })
  actor: Ref<User> | null = null;

  @Field(() => TicketStatus, { nullable: true })
  @Enum({ items: () => TicketStatus, nullable: true })
  statusBefore: TicketStatus | null = null;

  @Field(() => TicketStatus)
  @Enum({ items: () => TicketStatus })
  statusAfter!: TicketStatus;

  /** Sanitised HTML. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  message: string | null = null;

  @Field(() => EntryVisibility)
  @Enum({ items: () => EntryVisibility })
  visibility: EntryVisibility = EntryVisibility.PARTICIPANTS;

  @Property({ type: 'json' })
  changes: StoredChange[] = [];

  @Field(() => String, {
    nullable: true,
    description: 'The service account the entry came through ("via <name>"): another service acted, or filed for the actor.',
  })
  @Property({ type: 'string', length: 100, nullable: true })
  via: string | null = null;

  /** Staff chose not to notify anyone; still recorded. */
  @Property({ type: 'boolean' })
  silent: boolean = false;
}
