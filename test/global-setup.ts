import 'reflect-metadata';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureDatabase } from '../server/db/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/db/embedded-postgres.js';
import { migrate, openOrm } from '../server/db/orm.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL to the cluster's maintenance database, for creating per-file clones. */
    dbAdminUrl: string;
    /** The migrated template every test file's database is cloned from. */
    templateDb: string;
  }
}

/**
 * One cluster, migrated once: the machine's PostgreSQL when DATABASE_URL is set, else an embedded
 * one. Each test file then clones the template (~100 ms), so files run in parallel.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedPostgres | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve('.data/test-postgres') });
    adminUrl = embedded.url;
  }
  const templateDb = `helpdesk_template_${process.pid}`;
  await dropDatabase(adminUrl, templateDb);
  await ensureDatabase(adminUrl, templateDb);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDb}`;
  const orm = await openOrm(templateUrl.toString());
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  project.provide('dbAdminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  return async () => {
    await dropDatabase(adminUrl, templateDb);
    await embedded?.stop();
  };
}

/** Drops a database, closing its leftover connections first. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
}
