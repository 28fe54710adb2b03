import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { createDevTokenIssuer, createJwksVerifier, type DevTokenIssuer } from './auth/tokens.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { deadlineOptions } from './db/deadline.js';
import { migrateDatabase, openOrm } from './db/orm.js';
import { seedDemo } from './seed/seed.js';
import { createHttpApp } from './http/app.js';
import { cachedVerifier } from './auth/token-cache.js';
import { ViewerCache } from './auth/viewer-cache.js';
import { createRateLimits, type RateLimits } from './http/rate-limit.js';
import { createWriteBudgets } from './limits/write-budgets.js';
import { ldapDirectory } from './directory/ldap-directory.js';
import { buildAppSchema } from './schema.js';
import { configureRichText } from './shared/rich-text.js';
import { TicketHooks } from './hooks/ticket-hooks.js';
import { runDueTimers } from './lifecycle/scheduler.js';
import { FileLinks } from './files/file-links.js';
import { fileResolvers } from './lifecycle/files.resolver.js';
import { createFileStore, type FileStore } from './files/store.js';
import { startSweeper } from './files/sweep.js';
import { every } from './shared/periodic.js';
import { startLive, type Live } from './live/live.js';
import { JobQueue } from './jobs/job-queue.js';

/** Audience of the tokens this helpdesk accepts in dev mode. */
export const DEV_AUDIENCE = 'helpdesk';

/** A running helpdesk: its URL, its parts for tests, and a clean stop. */
export interface RunningApp {
  url: string;
  port: number;
  hooks: TicketHooks;
  devIssuer: DevTokenIssuer | undefined;
  orm: MikroORM;
  /** Where attached files' bytes are (tests look inside and sweep it). */
  fileStore: FileStore;
  live: Live;
  /** The request budgets (tests sync them on demand). */
  rateLimits: RateLimits;
  /** The job queue (pg-boss on the app's database): rooms create their queues and workers on it. */
  jobs: JobQueue;
  stop(): Promise<void>;
}

/** Starts everything in order (database, migrations, demo data, identity, HTTP) — the only place that wires parts together. */
export async function startApp(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<RunningApp> {
  // Messages may show this server's own file URLs as images (shared/rich-text.ts).
  configureRichText({ publicUrl: config.publicUrl });
  const db = await openDatabase(config, (msg) => logger.debug(msg));
  const orm = await openOrm(
    db.url,
    deadlineOptions(config.dbTimeoutSeconds, (knex) => logger.warn({ knex }, 'database connection warning')),
  );
  // Rate-limit counters get a small pool of their own: their syncs never wait behind the app's queries.
  const limiterPool = new pg.Pool({
    connectionString: db.url,
    max: 3,
    connectionTimeoutMillis: config.dbTimeoutSeconds * 1000,
    query_timeout: config.dbTimeoutSeconds * 1000,
    idleTimeoutMillis: 30_000,
    // Counters are bookkeeping: their commits need not wait for the disk (a crash loses at most the last moment's
    // counts), which takes a budgeted write's statement from milliseconds to a fraction of one on a busy server.
    // pg-pool awaits this hook before handing the connection out; @types/pg types it as returning nothing.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    onConnect: (client) => client.query('set synchronous_commit = off'),
  });
  // Without a listener, an idle client's error (PostgreSQL restarting) would kill the process.
  limiterPool.on('error', (err) => logger.warn({ err }, 'rate-limit connection lost'));
  const stops: (() => Promise<unknown>)[] = [async () => db.embedded?.stop(), () => orm.close(), () => limiterPool.end()];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
  };
  try {
    await migrateDatabase(db.url);
    if (config.seedDemo && (await seedDemo(orm.em.fork()))) logger.info('demo data loaded');
    const devIssuer =
      config.authMode === 'dev' ? await createDevTokenIssuer({ issuer: config.publicUrl, audience: DEV_AUDIENCE }) : undefined;
    const verifier = cachedVerifier(
      devIssuer ??
        createJwksVerifier(config.oidc!, { onFailure: (err) => logger.warn({ err }, 'identity provider keys could not be fetched') }),
    );
    const rateLimits = await createRateLimits(
      limiterPool,
      { address: config.limits.requestsPerMinute, user: config.limits.userRequestsPerMinute },
      logger,
    );
    // Runs before the pool closes (stops run in reverse): the last counts are sent.
    stops.push(() => rateLimits.stop());
    const budgets = await createWriteBudgets(limiterPool, config.limits.writes);
    // Before anything that queues work; stopped before the ORM closes (stops run in reverse).
    const jobs = await JobQueue.start({ databaseUrl: db.url, logger, timing: config.jobs });
    stops.push(() => jobs.stop());
    const hooks = new TicketHooks((err, change) => logger.error({ err, ticketId: change.ticketId }, 'after-commit hook failed'));
    const store = createFileStore(config.files);
    stops.push(() => store.close());
    const files = {
      store,
      links: new FileLinks({ publicUrl: config.publicUrl, secret: config.files.urlSecret, ttlSeconds: config.files.urlTtlSeconds }),
    };
    const live = await startLive({
      config,
      logger,
      orm,
      databaseUrl: db.url,
      contextDeps: { orm, verifier, hooks, adminUids: config.adminUids },
    });
    stops.push(() => live.stop());
    const schema = await buildAppSchema(fileResolvers(files));
    // GraphQL over HTTP signs known users in from memory; live connections read them afresh (rarely: at connection and refresh).
    const viewers = new ViewerCache();
    orm.em.getEventManager().registerSubscriber(viewers.subscriber());
    const http = await createHttpApp({
      config,
      logger,
      orm,
      schema,
      verifier,
      devIssuer,
      hooks,
      rateLimits,
      budgets,
      live,
      files,
      viewers,
      directory: config.directory && ldapDirectory(config.directory, logger),
    });
    stops.push(() => http.stop());
    // Runs before the HTTP server stops (stops run in reverse), which would wait for open WebSockets.
    stops.push(() => live.closeConnections());
    stops.push(startSweeper(config.files, orm, store, logger));
    stops.push(startTimers(config, orm, hooks, logger));
    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(config.port, config.host, () => resolve());
    });
    const port = (http.server.address() as AddressInfo).port;
    logger.info({ port, auth: config.authMode, embeddedPostgres: Boolean(db.embedded) }, 'helpdesk listening');
    return { url: `http://127.0.0.1:${port}`, port, hooks, devIssuer, orm, live, fileStore: store, rateLimits, jobs, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

// Recall and expiry passes; each action re-locks and re-judges its ticket, so several instances may run them.
function startTimers(config: Config, orm: MikroORM, hooks: TicketHooks, logger: Logger): () => Promise<void> {
  return every(config.timerIntervalSeconds, () =>
    runDueTimers(orm.em, hooks)
      .then((pass) => (pass.recalled || pass.expired) && logger.info(pass, 'timers ran'))
      .catch((err: unknown) => logger.error({ err }, 'timer pass failed')),
  );
}

// The process's last line of defence: an error no request handled (a library emitting one nobody
// listens to, a promise nobody awaits) is logged and the process keeps serving every other request,
// instead of Node ending it. The causes are fixed where they start; this only keeps one from being fatal.
function survive(logger: Logger): void {
  process.on('uncaughtException', (error, origin) => logger.error({ err: bare(error), origin }, 'unexpected error: still serving'));
  process.on('unhandledRejection', (reason) => logger.error({ err: bare(reason) }, 'unhandled rejection: still serving'));
}

// Only what says where it broke: a library's error may carry the request it was making (headers, tokens).
function bare(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: 'a value that is not an Error' };
  return { type: error.name, message: error.message, stack: error.stack };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  const app = await startApp(config, logger);
  // Once serving (a failure while starting still ends the process, with its reason).
  survive(logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void app.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error('The helpdesk could not start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
