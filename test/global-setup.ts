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

// Where the embedded cluster of `npm test` lives when DATABASE_URL is not set.
const TEST_POSTGRES_DIR = path.resolve('.data/test-postgres');

/**
 * One cluster, migrated once: the machine's PostgreSQL when DATABASE_URL is set, else an embedded
 * one. Each test file then clones the template (~100 ms), so files run in parallel. The server and
 * portlet projects both call this in the same run: they share what the first one opened.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await shareTestDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: TEST_POSTGRES_DIR });
  project.provide('dbAdminUrl', database.adminUrl);
  project.provide('templateDb', database.templateDb);
  return database.release;
}

/** A cluster and its migrated template, held for one global setup until it releases them. */
export interface SharedTestDatabase {
  adminUrl: string;
  templateDb: string;
  /** Drops the template and stops the embedded cluster once the last holder has released them. */
  release: () => Promise<void>;
}

interface Opened {
  adminUrl: string;
  templateDb: string;
  close(): Promise<void>;
}

interface Holding {
  opened: Promise<Opened>;
  holders: number;
}

// Each Vitest project imports its global setup through its own module runner, so a module-level
// variable would exist once per project: the registry hangs on globalThis, which the run shares.
// Two starts of one data dir would otherwise stop each other's cluster as a "leftover".
const REGISTRY = Symbol.for('helpdesk.test-databases');
const registry = ((globalThis as { [REGISTRY]?: Map<string, Holding> })[REGISTRY] ??= new Map<string, Holding>());

/** The run's cluster and template for this source (DATABASE_URL, else the embedded data dir), opened by the first caller. */
export async function shareTestDatabase(source: { databaseUrl?: string; dataDir: string }): Promise<SharedTestDatabase> {
  const key = source.databaseUrl ?? path.resolve(source.dataDir);
  let holding = registry.get(key);
  if (!holding) {
    holding = { opened: openTestDatabase(source), holders: 0 };
    registry.set(key, holding);
  }
  const held = holding;
  held.holders++;
  let opened: Opened;
  try {
    opened = await held.opened;
  } catch (error) {
    if (--held.holders === 0 && registry.get(key) === held) registry.delete(key);
    throw error;
  }
  let released: Promise<void> | undefined;
  return {
    adminUrl: opened.adminUrl,
    templateDb: opened.templateDb,
    release: () =>
      (released ??= (async () => {
        if (--held.holders > 0) return;
        registry.delete(key);
        await opened.close();
      })()),
  };
}

async function openTestDatabase(source: { databaseUrl?: string; dataDir: string }): Promise<Opened> {
  let embedded: EmbeddedPostgres | undefined;
  let adminUrl: string;
  if (source.databaseUrl) {
    const url = new URL(source.databaseUrl);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: source.dataDir });
    adminUrl = embedded.url;
  }
  const templateDb = `helpdesk_template_${process.pid}`;
  try {
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
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    adminUrl,
    templateDb,
    close: async () => {
      try {
        await dropDatabase(adminUrl, templateDb);
      } finally {
        await embedded?.stop();
      }
    },
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
