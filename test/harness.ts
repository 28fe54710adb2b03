import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../server/config.js';
import { ensureDatabase } from '../server/db/database.js';
import { startApp, type RunningApp } from '../server/main.js';
import { dropDatabase } from './global-setup.js';

/** A GraphQL answer as the wire carries it. */
export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A helpdesk running for one test file, on its own clone of the migrated template. */
export interface TestApp extends RunningApp {
  databaseUrl: string;
  /** The directory store's folder: the app's own temporary one unless FILES_DIR says otherwise. */
  filesDir: string;
  /** A dev token for a uid (the user is created at its first request). */
  token(uid: string, claims?: { name?: string; email?: string; locale?: string }): Promise<string>;
  /** POSTs a GraphQL request as `uid` (or anonymously with null). */
  gql<T = Record<string, unknown>>(uid: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** A fresh EntityManager on the file's database, for factories and assertions. */
  em(): EntityManager;
}

/** The settings every test server starts with (a test file adds its own). */
const TEST_SETTINGS: Record<string, string> = {
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  SEED_DEMO: 'false',
  TIMER_INTERVAL_SECONDS: '0',
  // Workers poll every second: a test waits for its jobs a second at most.
  JOB_POLL_SECONDS: '1',
  // Mailboxes are read when a test asks (app.inbox.readAll()); the reader's own schedule has its tests (server/inbox/).
  MAIL_POLL_SECONDS: '0',
  // One test user may act far faster than a person: the per-user limit has its own tests (server/http/rate-limit.test.ts).
  RATE_LIMIT_USER_PER_MINUTE: '0',
  // Tests file and comment far faster than people: the write budgets have their own tests (server/lifecycle/budget.test.ts).
  FILING_LIMIT_PER_HOUR: '0',
  FILING_LIMIT_PER_DAY: '0',
  STAFF_FILING_LIMIT_PER_HOUR: '0',
  STAFF_FILING_LIMIT_PER_DAY: '0',
  COMMENT_LIMIT_PER_MINUTE: '0',
};

/** Starts the whole server (HTTP, GraphQL, real PostgreSQL) on a clone of the template database. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const adminUrl = inject('dbAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, inject('templateDb'));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Files of its own, so a test sees only what it stored (and none land in the project's .data/).
  const ownFiles = await mkdtemp(path.join(os.tmpdir(), 'helpdesk-files-'));
  const config: Config = loadConfig({
    ...TEST_SETTINGS,
    DATABASE_URL: url.toString(),
    FILES_DIR: ownFiles,
    ...env,
  });
  const app = await startApp(config);
  const token: TestApp['token'] = async (uid, claims = {}) => app.devIssuer!.sign({ uid, name: claims.name ?? uid, ...claims });
  return {
    ...app,
    databaseUrl: url.toString(),
    filesDir: config.files.dir,
    token,
    em: () => app.orm.em.fork(),
    async gql(uid, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (uid) headers.authorization = `Bearer ${await token(uid)}`;
      const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async stop() {
      await app.stop();
      await dropDatabase(adminUrl, name);
      await rm(ownFiles, { recursive: true, force: true });
    },
  };
}

/** The data of a result that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(result: GqlResult<T>): T {
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The `extensions.code` of a result's first error. */
export function errorCode(result: GqlResult<unknown>): unknown {
  return result.errors?.[0]?.extensions?.code;
}

/**
 * Another instance of the helpdesk on the same database and files as `app` (a restart, or a second
 * server behind the balancer), with the test settings and `env`; the caller stops it.
 */
export function startAnotherInstance(app: TestApp, env: Record<string, string> = {}): Promise<RunningApp> {
  return startApp(loadConfig({ ...TEST_SETTINGS, DATABASE_URL: app.databaseUrl, FILES_DIR: app.filesDir, ...env }));
}
