import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { dropDatabase } from '../../test/global-setup.js';
import { ensureDatabase } from './database.js';
import { migrationsList } from './migrations/index.js';
import { migrateDatabase } from './orm.js';

describe('migrateDatabase', () => {
  it('should let three instances starting at once on an empty database migrate it once, none failing', async () => {
    const adminUrl = inject('dbAdminUrl');
    const name = `t_migrate_${randomBytes(4).toString('hex')}`;
    await ensureDatabase(adminUrl, name);
    const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
    try {
      await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client
        .query<{ name: string }>('select name from mikro_orm_migrations order by id')
        .finally(() => client.end());
      expect(rows.map((r) => r.name)).toEqual(migrationsList.map((m) => m.name));
    } finally {
      await dropDatabase(adminUrl, name);
    }
  });
});
