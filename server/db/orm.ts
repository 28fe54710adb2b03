import pg from 'pg';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { DataloaderType } from '@mikro-orm/core';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';

/** ORM options shared by the server, the seed script and the tests. */
export function ormOptions(clientUrl: string, extra: Partial<Options> = {}): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    // Batches reference loads made while resolving one GraphQL response: no N+1.
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 10 },
    ...extra,
  };
}

/** Connects to PostgreSQL; the pool reports errors instead of crashing when the server restarts. */
export async function openOrm(clientUrl: string, extra: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, extra));
}

/** Applies the committed migrations that are not applied yet. */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.migrator.up();
}

/**
 * Applies the pending migrations on an ORM of their own, closed after: the request pool's deadlines
 * (db/deadline.ts) would cut a long migration short (an index built on a large table).
 */
export async function migrateDatabase(clientUrl: string): Promise<void> {
  // Instances starting together (several replicas, the release's migration job) migrate one at a time:
  // the others wait for the lock, then find nothing pending (docs/operations.md, "Upgrades").
  const lock = new pg.Client({ connectionString: clientUrl });
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const orm = await openOrm(clientUrl);
    try {
      await migrate(orm);
    } finally {
      await orm.close();
    }
  } finally {
    await lock.end();
  }
}

/** The advisory lock key of migrations (any constant no other part of the helpdesk uses). */
const MIGRATION_LOCK = 74_201_207;
