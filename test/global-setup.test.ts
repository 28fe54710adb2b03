import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { shareTestDatabase, type SharedTestDatabase } from './global-setup.js';

// initdb and the migrations take seconds on a slow machine.
const TIMEOUT = 120_000;

async function query(url: string, sql: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('the global setup without DATABASE_URL (embedded PostgreSQL)', () => {
  const held: SharedTestDatabase[] = [];
  let parent: string | undefined;
  afterAll(async () => {
    // Every one, even when a failed test left a cluster that no longer answers.
    await Promise.allSettled(held.map((database) => database.release()));
    if (parent) await rm(parent, { recursive: true, force: true });
  }, TIMEOUT);

  it(
    'should give the server and the portlet projects one cluster and one template, stopped after the last release',
    async () => {
      parent = await mkdtemp(join(tmpdir(), 'test-setup-'));
      // As root, postgres runs as user "postgres", which must reach the data dir (mkdtemp gives 0700).
      await chmod(parent, 0o755);
      const dataDir = join(parent, 'pg');

      // The two projects' setups run one after the other in the Vitest process, as here.
      const server = await shareTestDatabase({ dataDir });
      held.push(server);
      const portlet = await shareTestDatabase({ dataDir });
      held.push(portlet);

      expect(portlet.adminUrl).toBe(server.adminUrl);
      expect(portlet.templateDb).toBe(server.templateDb);
      // The first project's cluster still answers: the second start did not take it for a leftover.
      const template = 'select datname from pg_database where datname = $1';
      expect(await query(server.adminUrl, template, [server.templateDb])).toEqual([{ datname: server.templateDb }]);

      await portlet.release();
      expect(await query(server.adminUrl, 'select 1 as up')).toEqual([{ up: 1 }]);
      await server.release();
      await expect(query(server.adminUrl, 'select 1')).rejects.toThrow();
    },
    TIMEOUT,
  );
});
