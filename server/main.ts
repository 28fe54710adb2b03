import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { createDevTokenIssuer, createJwksVerifier, type DevTokenIssuer } from './auth/tokens.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { deadlineOptions } from './db/deadline.js';
import { GenericPlanPool, useGenericPlans } from './db/generic-plans.js';
import { migrateDatabase, openOrm } from './db/orm.js';
import { seedDemo } from './seed/seed.js';
import { createHttpApp } from './http/app.js';
import { cachedVerifier } from './auth/token-cache.js';
import { createPortalVerifier } from './auth/portal-tokens.js';
import { anyVerifier } from './auth/verifiers.js';
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
import { startLive, type Live } from './live/live.js';
import { Metrics, registerMailMetrics } from './metrics/metrics.js';
import { PrivacyResolver } from './privacy/privacy.resolver.js';
import { anonymiseOldTickets } from './privacy/privacy.service.js';
import { knownOperations } from './metrics/operation-names.js';
import { portletDist } from './http/portlet.js';
import path from 'node:path';
import { JobQueue } from './jobs/job-queue.js';
import { EVENT_QUEUE, SEND_QUEUE, startMail } from './mail/mail.service.js';
import { startMailCatcher, type MailCatcher } from './mail/mail-catcher.js';
import { remindIncomplete } from './mail/reminders.js';
import { startDigests } from './mail/digest.js';
import { MailboxResolver } from './inbox/mailbox.resolver.js';
import { startInbox, type Inbox } from './inbox/inbox-poller.js';
import { mailOutRefusal, mailOutReplies, ownMarks } from './inbox/mail-out-link.js';

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
  /** Prometheus series when METRICS_TOKEN is set (the mail room registers its readings here: registerMailMetrics). */
  metrics: Metrics | undefined;
  /** The job queue (pg-boss on the app's database): rooms create their queues and workers on it. */
  jobs: JobQueue;
  /** The development SMTP catcher (SMTP_URL unset outside production), listed at /dev/mail. */
  mailCatcher: MailCatcher | undefined;
  /** Mail in: reads the mailboxes (tests read them on demand). */
  inbox: Inbox;
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
  // Lookups by id and plain list pages are planned once per connection, on connections of their own (db/generic-plans.ts).
  const plans = new GenericPlanPool(db.url, {
    seconds: config.dbTimeoutSeconds,
    max: orm.config.get('pool')?.max ?? 10,
    onError: (err) => logger.warn({ err }, 'generic-plan connection lost'),
  });
  useGenericPlans(orm.config, plans);
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
  const stops: (() => Promise<unknown>)[] = [
    async () => db.embedded?.stop(),
    () => orm.close(),
    () => plans.end(),
    () => limiterPool.end(),
  ];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
  };
  try {
    await migrateDatabase(db.url);
    if (config.seedDemo && (await seedDemo(orm.em.fork()))) logger.info('demo data loaded');
    const devIssuer =
      config.authMode === 'dev' ? await createDevTokenIssuer({ issuer: config.publicUrl, audience: DEV_AUDIENCE }) : undefined;
    // Bearer tokens of every kind, whatever AUTH_MODE: dev, OIDC_ISSUER's, the ENT portal's (auth/verifiers.ts).
    const oidcVerifier =
      config.oidc &&
      createJwksVerifier(config.oidc, { onFailure: (err) => logger.warn({ err }, 'identity provider keys could not be fetched') });
    const verifier = cachedVerifier(
      anyVerifier({
        portal: config.signIn.portal && createPortalVerifier(config.signIn.portal),
        asymmetric: [devIssuer, oidcVerifier].filter((v) => v !== undefined),
      }),
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
    // Mail out: SMTP_URL, else (outside production) a catcher of our own, so development sends real mails.
    const mailCatcher = config.mail.enabled && !config.mail.smtpUrl && !config.production ? await startMailCatcher() : undefined;
    if (mailCatcher) stops.push(() => mailCatcher.stop());
    const smtpUrl = config.mail.enabled ? (config.mail.smtpUrl ?? mailCatcher?.url) : undefined;
    if (!config.mail.enabled) logger.warn('MAIL_ENABLED=false: no mail is sent');
    else if (smtpUrl) {
      const mail = await startMail({ orm, jobs, hooks, config: config.mail, logger, smtpUrl });
      stops.push(() => mail.stop());
    } else logger.warn('SMTP_URL is not set: no mail is sent');
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
    const schema = await buildAppSchema([...fileResolvers(files), new MailboxResolver(config.inbox.secret), new PrivacyResolver(store)]);
    // GraphQL over HTTP signs known users in from memory; live connections read them afresh (rarely: at connection and refresh).
    const metrics = config.metricsToken ? startMetrics(schema, orm, plans, live) : undefined;
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
      metrics,
      directory: config.directory && ldapDirectory(config.directory, logger),
      devMail: mailCatcher?.router,
    });
    stops.push(() => http.stop());
    // Runs before the HTTP server stops (stops run in reverse), which would wait for open WebSockets.
    stops.push(() => live.closeConnections());
    stops.push(startSweeper(config.files, orm, store, logger));
    await startSchedules(config, orm, hooks, jobs, logger, Boolean(smtpUrl));
    // The daily digests: a scheduled pass as the timers are (off with them), and mails (off without SMTP).
    await startDigests({ orm, jobs, config: config.mail, logger }, Boolean(smtpUrl) && config.timerIntervalSeconds > 0);
    const inbox = await startInbox(
      {
        orm,
        hooks,
        store,
        files: config.files,
        inbox: config.inbox,
        own: ownMarks(config.mail),
        replies: mailOutReplies(config.mail),
        // Without mail out, a refused mail gets no answer (its queue does not exist).
        refuse: smtpUrl ? mailOutRefusal(config.mail, jobs) : () => Promise.resolve(),
      },
      jobs,
      db.url,
      logger,
    );
    stops.push(() => inbox.stop());
    await startRetention(config.retentionYears, orm, store, jobs, logger);
    registerMailReadings(metrics, orm, jobs);
    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(config.port, config.host, () => resolve());
    });
    const port = (http.server.address() as AddressInfo).port;
    logger.info({ port, auth: config.authMode, embeddedPostgres: Boolean(db.embedded) }, 'helpdesk listening');
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      hooks,
      devIssuer,
      orm,
      live,
      fileStore: store,
      rateLimits,
      jobs,
      mailCatcher,
      inbox,
      metrics,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

// The series of docs/api.md, "Additions for operations"; their labels are the operations the schema and the portlet know.
function startMetrics(schema: GraphQLSchema, orm: MikroORM, plans: GenericPlanPool, live: Live): Metrics {
  const operations = path.join(path.dirname(portletDist()), 'src', 'graphql', 'operations');
  const client = orm.em.getConnection().getKnex().client as { pool?: { numPendingAcquires(): number } };
  return new Metrics(knownOperations(schema, operations), {
    // knex's pool (tarn) and the generic-plan connections: requests waiting for a free connection.
    dbPoolWaiting: () => (client.pool?.numPendingAcquires() ?? 0) + plans.waiting,
    liveSubscribers: () => live.metrics.subscriptions,
    liveOperations: () => live.metrics.operations,
  });
}

// The retention pass (RETENTION_YEARS), a daily job of the queue: one instance runs it, batch after batch.
async function startRetention(years: number | undefined, orm: MikroORM, store: FileStore, jobs: JobQueue, logger: Logger): Promise<void> {
  await jobs.createQueue('retention', { retryLimit: 1, retryDelaySeconds: 600, retryBackoff: false, expireInSeconds: 3600 });
  if (!years) {
    await jobs.boss.unschedule('retention');
    return;
  }
  await jobs.work('retention', async () => {
    let anonymised = 0;
    for (let batch = -1; batch !== 0; anonymised += batch) batch = await anonymiseOldTickets(orm.em, store, years);
    if (anonymised) logger.info({ anonymised, years }, 'retention: old tickets anonymised');
  });
  await jobs.schedule('retention', '17 3 * * *');
}

// The mail room's figures for /metrics: mails waiting in its two queues, mails given up (docs/operations.md, "Metrics").
function registerMailReadings(metrics: Metrics | undefined, orm: MikroORM, jobs: JobQueue): void {
  registerMailMetrics(metrics, {
    queueDepth: async () => (await jobs.boss.getQueueSize(EVENT_QUEUE)) + (await jobs.boss.getQueueSize(SEND_QUEUE)),
    failedTotal: async () => {
      const [row] = await orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from mail_failure');
      return row.n;
    },
  });
}

// The scheduled passes (docs/lifecycle.md, "Timers"): recall, expiry, INCOMPLETE reminders, as one cron job
// of the job queue, so one instance runs each pass; each action re-locks and re-judges its ticket besides.
async function startSchedules(
  config: Config,
  orm: MikroORM,
  hooks: TicketHooks,
  jobs: JobQueue,
  logger: Logger,
  mailing: boolean,
): Promise<void> {
  await jobs.createQueue('timers', { retryLimit: 0, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 600 });
  if (config.timerIntervalSeconds === 0) {
    await jobs.boss.unschedule('timers');
    return;
  }
  await jobs.work('timers', async () => {
    const pass = await runDueTimers(orm.em, hooks);
    const reminded = await remindIncomplete(orm.em, mailing ? jobs : undefined, config.mail.incompleteReminderDays);
    if (pass.recalled || pass.expired || reminded) logger.info({ ...pass, reminded }, 'timers ran');
  });
  // Cron counts minutes: the interval rounded to whole minutes, at least one.
  const minutes = Math.max(1, Math.round(config.timerIntervalSeconds / 60));
  await jobs.schedule('timers', minutes === 1 ? '* * * * *' : `*/${Math.min(minutes, 59)} * * * *`);
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
