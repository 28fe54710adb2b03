import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Ticket } from './ticket.entity.js';
import { TicketEvent } from './ticket-event.entity.js';
import { EntryVisibility } from './ticket.enums.js';
import { User } from './user.entity.js';

/**
 * What the read side needs of a file: the entity has it, and so has a row read by SQL
 * (files/attachment.rows.ts). Relations carry their id.
 */
export interface AttachmentRecord {
  id: number;
  ticket: { id: number };
  event: { id: string };
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: { id: number };
  uploadedAt: Date;
  visibility: EntryVisibility;
}

/** A file attached to a ticket through a history entry; its bytes live in the file store. */
@ObjectType({ simpleResolvers: true, description: 'A file attached to a ticket.' })
@Entity()
export class Attachment {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'uploadedAt' | 'visibility' | 'deletedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Ticket, { ref: true, index: true })
  ticket!: Ref<Ticket>;

  @ManyToOne(() => TicketEvent, { ref: true, index: true })
  event!: Ref<TicketEvent>;

  /** Cleaned client file name (untrusted input). */
  @Field()
  @Property({ type: 'string', length: 255 })
  filename!: string;

  /** Sniffed from the bytes, never the client's claim. */
  @Field()
  @Property({ type: 'string', length: 200 })
  contentType!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  size!: number;

  /** Where the bytes are in the store (a directory or S3-compatible bucket). */
  @Property({ type: 'string', length: 300 })
  storageKey!: string;

  @ManyToOne(() => User, { ref: true })
  uploadedBy!: Ref<User>;

  @Field()
  @Property({ type: 'datetime' })
  uploadedAt: Date = new Date();

  @Field(() => EntryVisibility)
  @Enum({ items: () => EntryVisibility })
  visibility: EntryVisibility = EntryVisibility.PARTICIPANTS;

  /** Deleted files keep their row (the history names them) but lose their bytes. */
  @Property({ type: 'datetime', nullable: true })
  deletedAt: Date | null = null;
}
