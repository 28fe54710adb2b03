import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Bytes in the file store that no live attachment owns: an upload in flight or refused, a deleted
 * file. The row is written before the first byte and removed in the transaction that attaches the
 * file, so a crash anywhere leaves a row the sweep finds, never bytes nobody knows of.
 */
@Entity({ tableName: 'pending_file' })
export class PendingFile {
  /** Properties with defaults, optional when creating. */
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'string', length: 300 })
  storageKey!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
