import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileStore } from './store.js';

const SWEEP_BATCH = 100;

/**
 * Reserves a key before its first byte is written (so a crash leaves a row the sweep finds) and
 * the attachment id the file will have, so a message can point at it before it is attached.
 */
export async function reserve(em: EntityManager, key: string): Promise<number> {
  const [row] = await em
    .fork()
    .execute<{ id: number }[]>(
      `insert into pending_file (storage_key) values (?) returning nextval(pg_get_serial_sequence('attachment', 'id'))::int as id`,
      [key],
    );
  return row.id;
}

/**
 * Removes the bytes of those keys that no transaction claimed, then their rows. The row stays
 * locked until the bytes are gone, so an action claiming the key meanwhile waits and then finds
 * it gone (and refuses); a key already claimed is left alone. A store failure keeps the row for the sweep.
 */
export async function releasePending(em: EntityManager, store: FileStore, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  return removeClaimed(em, store, 'delete from pending_file where storage_key = any(?::text[]) returning storage_key', [
    `{${keys.join(',')}}`,
  ]);
}

/** Marks a deleted file's bytes for removal, in the transaction that deletes it (so the sweep finishes a failed removal). */
export async function markForRemoval(tx: EntityManager, key: string): Promise<void> {
  await tx.execute('insert into pending_file (storage_key) values (?) on conflict do nothing', [key]);
}

/**
 * One sweep: removes the bytes of every key pending for longer than the grace (a crash, a cut
 * upload, a refused action, a deleted file whose removal failed), in batches. Instances may sweep
 * at once: each batch skips the rows another holds.
 */
export async function sweepOrphans(em: EntityManager, store: FileStore, graceSeconds: number): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await removeClaimed(
      em,
      store,
      `delete from pending_file where storage_key in (
         select storage_key from pending_file where created_at <= now() - make_interval(secs => ?)
         order by created_at limit ${SWEEP_BATCH} for update skip locked)
       returning storage_key`,
      [graceSeconds],
    );
    total += removed;
    if (removed < SWEEP_BATCH) return total;
  }
}

// Deletes the rows the statement selects and, before they commit, the bytes they stand for.
async function removeClaimed(em: EntityManager, store: FileStore, sql: string, params: unknown[]): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const rows = await tx.execute<{ storage_key: string }[]>(sql, params);
    for (const { storage_key } of rows) await store.remove(storage_key);
    return rows.length;
  });
}
