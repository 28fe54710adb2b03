import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';

/** How people sign in: dev tokens signed by this server, CAS, or OIDC (README, "Sign-in"); bearer tokens are taken in every mode. */
export type AuthMode = 'dev' | 'cas' | 'oidc';

/** Every setting the server reads, validated once at boot (the only reader of process.env). */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  publicUrl: string;
  /** Unset: an embedded PostgreSQL is started with its data under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  authMode: AuthMode;
  oidc: { issuer: string; audience: string; jwksUrl: string } | undefined;
  /** Sessions, CAS, the OIDC code flow, the ENT portal's tokens, and how attributes map to a user. */
  signIn: SignInConfig;
  /** uids granted the admin role when they sign in (bootstraps a new installation). */
  adminUids: string[];
  /** Load the demo catalogue and users into an empty database (dev only). */
  seedDemo: boolean;
  allowedOrigins: string[];
  logLevel: string;
  /** Seconds between passes of the recall/expiry timers; 0 turns them off (tests drive them directly). */
  timerIntervalSeconds: number;
  limits: Limits;
  /** Which peers' X-Forwarded-For is believed: none (false), the nearest N hops, or these addresses/subnets. */
  trustProxy: false | number | string[];
  /** Schema introspection and "Did you mean…" suggestions: on in development, off in production unless set. */
  graphql: { introspection: boolean; fieldSuggestions: boolean };
  /** Deadline of each wait on PostgreSQL (a connection, a statement, an idle transaction) before a request answers 503 (db/deadline.ts). */
  dbTimeoutSeconds: number;
  live: LiveConfig;
  files: FilesConfig;
  /** Bearer token of GET /metrics; unset: no metrics are kept and the route answers 404. */
  metricsToken: string | undefined;
  /** Ended tickets older than this many years are anonymised (docs/operations.md, "Personal data"); undefined: never. */
  retentionYears: number | undefined;
  /** Folder of pg_dump and pg_restore for the backup scripts; undefined: the PATH's. */
  pgBin: string | undefined;
  /** The LDAP directory people are also found in; undefined without LDAP_URL. */
  directory: DirectoryConfig | undefined;
  /** The job queue's clock (server/jobs/job-queue.ts): how often workers poll, maintenance runs, crons are checked. */
  jobs: { pollSeconds: number; maintenanceSeconds: number; cronCheckSeconds: number };
  mail: MailConfig;
  inbox: InboxConfig;
}

/** Mail out (server/mail, README "Mail"). */
export interface MailConfig {
  /** false (MAIL_ENABLED=false): no mail at all, nothing queued and no catcher (a staging copy of real data; the bench's R5M baseline). */
  enabled: boolean;
  /** smtp:// or smtps:// URL; unset outside production: the app's own catcher (listed at /dev/mail); unset in production: no mail. */
  smtpUrl: string | undefined;
  /** The From of every mail (a bare address or `Name <address>`). */
  from: string;
  /** Replies go there, `+<token>` added to its local part (mail in reads them); unset: no Reply-To. */
  replyAddress: string | undefined;
  /** The ticket's page in the ENT, `{number}` replaced by the ticket's number. */
  ticketUrlTemplate: string;
  /** First retry delay (doubled at each retry) and how many retries: together at least a day by default. */
  retryDelaySeconds: number;
  retryLimit: number;
  /** A send still running after this long counts as lost (its worker died) and is retried. */
  sendTimeoutSeconds: number;
  /** Mails this instance sends at once; 0: this instance sends none (others do). */
  sendConcurrency: number;
  /** Days before the owner of an INCOMPLETE ticket is reminded (and again after as many days, once). */
  incompleteReminderDays: number;
  /** HMAC key of the reply tokens: FILE_URL_SECRET's, derived (mail/reply-token.ts). */
  tokenSecret: string;
}

/** Sign-in settings (README, "Sign-in"). */
export interface SignInConfig {
  /** AUTH_MODE=cas: the CAS server's base URL (e.g. https://cas.univ.fr/cas). */
  cas: { url: string } | undefined;
  /** AUTH_MODE=oidc with OIDC_CLIENT_ID: the code flow with PKCE (discovered from the issuer). */
  oidcClient: { issuer: string; clientId: string; clientSecret: string | undefined } | undefined;
  /** A session ends this many hours after it opened. */
  sessionHours: number;
  /** uPortal's tokens (HS512 with its signature key), accepted as bearer in every mode. */
  portal: { key: string; issuer: string | undefined } | undefined;
  /** Which CAS attribute or OIDC claim gives each field of a user. */
  attributes: { uid: string; name: string; mail: string; affiliation: string };
}

/** uPortal's published default of `org.apereo.portal.soffit.jwt.signatureKey`: anyone can sign with it. */
export const PORTAL_DEFAULT_KEY = 'CHANGEME';

/** Mail in (server/inbox/): how often mailboxes are read, and what a mail may be. */
export interface InboxConfig {
  /** Seconds between readings of each mailbox (IMAP IDLE wakes a reader sooner when offered); 0: mailboxes are not read. */
  pollSeconds: number;
  /** Key material for the mailboxes' stored passwords (AES-GCM under a key derived from it). */
  secret: string;
  /** A larger mail is not read: its sender gets a short refusal. */
  maxMailBytes: number;
  /** Mails one sender may have filed (tickets, comments, refusals) an hour; more are set aside unanswered; 0: no limit. */
  senderLimitPerHour: number;
}

/** Every limit that keeps one client from taking the server from the others (README, "Limits"). */
export interface Limits {
  bodyBytes: number;
  headerBytes: number;
  queryBytes: number;
  queryTokens: number;
  queryDepth: number;
  queryAliases: number;
  queryDirectives: number;
  queryCost: number;
  mutationsPerRequest: number;
  /** Per client address, on /graphql and /auth/dev; 0 turns it off. */
  requestsPerMinute: number;
  /** Per signed-in user on /graphql, every mutation field counting; 0 turns it off. */
  userRequestsPerMinute: number;
  /** What one person may write: tickets filed, messages on one ticket (limits/write-budgets.ts). */
  writes: WriteLimits;
  headersTimeoutSeconds: number;
  idleTimeoutSeconds: number;
  requestTimeoutSeconds: number;
}

/** Write budgets per person (README, "Limits"); 0 turns each off. */
export interface WriteLimits {
  /** Tickets a person without a staff role files per hour, and per day. */
  filingsPerHour: number;
  filingsPerDay: number;
  /** The same for staff and service accounts (admins and department members: a desk files for callers). */
  staffFilingsPerHour: number;
  staffFilingsPerDay: number;
  /** Messages (comments and the like) one person writes on one ticket per minute. */
  commentsPerMinute: number;
}

/** Live updates (server/live): how events cross instances and how much one subscriber may hold. */
export interface LiveConfig {
  /** Unset: PostgreSQL LISTEN/NOTIFY carries events between instances; set: Redis pub/sub does. */
  redisUrl: string | undefined;
  /** NOTIFY channel (and Redis channel) name; instances of one installation share it. */
  channel: string;
  /** Events waiting for one subscription before its connection is closed as too slow. */
  queueLimit: number;
  /** Subscriptions one WebSocket connection may hold at once. */
  maxSubscriptions: number;
  /** WebSocket connections one instance accepts at once. */
  maxConnections: number;
  /** Signed-in connections one user may hold on one instance; 0: no cap. */
  maxConnectionsPerUser: number;
  /** WebSocket connections one client address may hold on one instance (generous: a campus NAT is one address); 0: no cap. */
  maxConnectionsPerAddress: number;
  /** WebSocket upgrades one client address may ask for a minute on one instance; 0: no limit. */
  upgradesPerMinute: number;
  /** Seconds a socket has to be signed in (a connection_init with a valid token) before it is cut off. */
  initTimeoutSeconds: number;
  /** How often a connection re-reads its viewer's memberships (so lost rights stop deliveries); 0: never. */
  viewerRefreshSeconds: number;
}

/** The university's LDAP directory (SUPANN schema), searched by `users(search)` besides local users. */
export interface DirectoryConfig {
  url: string;
  bindDn: string | undefined;
  bindPassword: string | undefined;
  baseDn: string;
  /** Deadline of one directory search (connect, bind and search): past it the local results go alone. */
  timeoutMs: number;
}

/** Where uploaded files go, how big they may be, and how their download links are signed. */
export interface FilesConfig {
  /** The directory store's root (unused when `s3` is set). */
  dir: string;
  /** An S3-compatible bucket instead of the directory, for several instances. */
  s3: S3Config | undefined;
  maxFileBytes: number;
  perRequest: number;
  ticketMaxBytes: number;
  /** HMAC key of signed download URLs (generated at start in dev; required in production). */
  urlSecret: string;
  urlTtlSeconds: number;
  /** Seconds between sweeps of orphan bytes (0: off); bytes younger than the grace are never swept. */
  sweepIntervalSeconds: number;
  sweepGraceSeconds: number;
}

/** An S3-compatible store: AWS, MinIO, Ceph, Garage… */
export interface S3Config {
  bucket: string;
  endpoint: string | undefined;
  region: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** Key prefix inside the bucket (e.g. "helpdesk/"). */
  prefix: string;
  forcePathStyle: boolean;
}

/** Thrown when the environment is wrong; lists every problem at once so one fix-up is enough. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const port = integer(env.PORT, 4000, 0, 65535, 'PORT', problems);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!isHttpUrl(publicUrl)) problems.push(`PUBLIC_URL must be an http(s) URL (got "${publicUrl}")`);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgresql:// (the value is not shown)');
  }

  const rawAuthMode = env.AUTH_MODE ?? (production ? 'oidc' : 'dev');
  if (rawAuthMode !== 'dev' && rawAuthMode !== 'cas' && rawAuthMode !== 'oidc') {
    problems.push(`AUTH_MODE must be "dev", "cas" or "oidc" (got "${rawAuthMode}")`);
  }
  const authMode: AuthMode = rawAuthMode === 'oidc' || rawAuthMode === 'cas' ? rawAuthMode : 'dev';
  if (production && authMode === 'dev') problems.push('AUTH_MODE=dev is refused when NODE_ENV=production');

  // Bearer tokens of OIDC_ISSUER are taken in every mode once it is set; the code flow's client id is their default audience.
  let oidc: Config['oidc'];
  if (authMode === 'oidc' || env.OIDC_ISSUER) {
    const audience = env.OIDC_AUDIENCE || env.OIDC_CLIENT_ID;
    const missing = ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'].filter((k) => (k === 'OIDC_AUDIENCE' ? !audience : !env[k]));
    const when = authMode === 'oidc' ? 'AUTH_MODE=oidc' : 'OIDC_ISSUER is set';
    for (const key of missing) problems.push(`${key} is required when ${when}`);
    if (env.OIDC_JWKS_URL && !isHttpUrl(env.OIDC_JWKS_URL)) problems.push('OIDC_JWKS_URL must be an http(s) URL');
    if (missing.length === 0) {
      oidc = { issuer: env.OIDC_ISSUER!, audience: audience!, jwksUrl: env.OIDC_JWKS_URL! };
    }
  }

  const logLevel = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const allowedOrigins = list(env.ALLOWED_ORIGINS);
  for (const origin of allowedOrigins) {
    if (!isHttpUrl(origin)) problems.push(`ALLOWED_ORIGINS: "${origin}" is not an http(s) origin`);
  }

  const dataDir = path.resolve(env.DATA_DIR ?? '.data');
  const config: Config = {
    production,
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    databaseUrl,
    dataDir,
    authMode,
    oidc,
    signIn: signInConfig(env, authMode, production, problems),
    adminUids: list(env.ADMIN_UIDS),
    seedDemo: authMode === 'dev' && bool(env.SEED_DEMO, true, 'SEED_DEMO', problems),
    allowedOrigins,
    logLevel,
    timerIntervalSeconds: integer(env.TIMER_INTERVAL_SECONDS, 60, 0, 86_400, 'TIMER_INTERVAL_SECONDS', problems),
    limits: readLimits(env, problems),
    trustProxy: readTrustProxy(env.TRUST_PROXY, problems),
    graphql: {
      introspection: bool(env.GRAPHQL_INTROSPECTION, !production, 'GRAPHQL_INTROSPECTION', problems),
      fieldSuggestions: bool(env.GRAPHQL_FIELD_SUGGESTIONS, !production, 'GRAPHQL_FIELD_SUGGESTIONS', problems),
    },
    dbTimeoutSeconds: integer(env.DB_TIMEOUT_SECONDS, 10, 1, 600, 'DB_TIMEOUT_SECONDS', problems),
    live: liveConfig(env, problems),
    files: filesConfig(env, dataDir, production, problems),
    metricsToken: env.METRICS_TOKEN || undefined,
    pgBin: env.PG_BIN || undefined,
    retentionYears: env.RETENTION_YEARS ? integer(env.RETENTION_YEARS, 0, 1, 100, 'RETENTION_YEARS', problems) : undefined,
    directory: directoryConfig(env, problems),
    jobs: {
      pollSeconds: integer(env.JOB_POLL_SECONDS, 2, 1, 60, 'JOB_POLL_SECONDS', problems),
      maintenanceSeconds: integer(env.JOB_MAINTENANCE_SECONDS, 60, 1, 3600, 'JOB_MAINTENANCE_SECONDS', problems),
      cronCheckSeconds: integer(env.JOB_CRON_CHECK_SECONDS, 30, 1, 45, 'JOB_CRON_CHECK_SECONDS', problems),
    },
    mail: mailConfig(env, publicUrl, problems),
    inbox: inboxConfig(env, production, problems),
  };
  config.mail.tokenSecret = config.files.urlSecret;
  if (config.metricsToken !== undefined && config.metricsToken.length < 16)
    problems.push('METRICS_TOKEN must be at least 16 characters long');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function signInConfig(env: NodeJS.ProcessEnv, authMode: AuthMode, production: boolean, problems: string[]): SignInConfig {
  let cas: SignInConfig['cas'];
  if (authMode === 'cas') {
    const url = (env.CAS_URL ?? '').replace(/\/+$/, '');
    if (!url) problems.push('CAS_URL is required when AUTH_MODE=cas');
    else if (!isHttpUrl(url)) problems.push('CAS_URL must be an http(s) URL');
    else cas = { url };
  }
  let oidcClient: SignInConfig['oidcClient'];
  if (authMode === 'oidc' && env.OIDC_CLIENT_ID && env.OIDC_ISSUER) {
    oidcClient = { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET || undefined };
  }
  let portal: SignInConfig['portal'];
  if (env.PORTAL_JWT_KEY) {
    if (production && env.PORTAL_JWT_KEY === PORTAL_DEFAULT_KEY) {
      problems.push(
        "PORTAL_JWT_KEY is uPortal's published default key: refused when NODE_ENV=production (set the portal's own signature key)",
      );
    }
    portal = { key: env.PORTAL_JWT_KEY, issuer: env.PORTAL_JWT_ISSUER || undefined };
  }
  return {
    cas,
    oidcClient,
    sessionHours: integer(env.SESSION_HOURS, 8, 1, 24 * 30, 'SESSION_HOURS', problems),
    portal,
    attributes: {
      uid: env.AUTH_UID_ATTRIBUTE || 'uid',
      name: env.AUTH_NAME_ATTRIBUTE || 'displayName',
      mail: env.AUTH_MAIL_ATTRIBUTE || 'mail',
      affiliation: env.AUTH_AFFILIATION_ATTRIBUTE || 'eduPersonAffiliation',
    },
  };
}

function readLimits(env: NodeJS.ProcessEnv, problems: string[]): Limits {
  const int = (name: string, fallback: number, min: number, max: number): number => integer(env[name], fallback, min, max, name, problems);
  const limits: Limits = {
    bodyBytes: int('MAX_BODY_BYTES', 2 * 1024 * 1024, 1024, 1024 ** 3),
    headerBytes: int('MAX_HEADER_BYTES', 16 * 1024, 8 * 1024, 1024 * 1024),
    queryBytes: int('MAX_QUERY_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    queryTokens: int('MAX_QUERY_TOKENS', 2000, 100, 1_000_000),
    queryDepth: int('MAX_QUERY_DEPTH', 12, 2, 100),
    queryAliases: int('MAX_QUERY_ALIASES', 15, 0, 10_000),
    queryDirectives: int('MAX_QUERY_DIRECTIVES', 20, 0, 10_000),
    queryCost: int('MAX_QUERY_COST', 50_000, 10, 100_000_000),
    mutationsPerRequest: int('MAX_MUTATIONS_PER_REQUEST', 1, 1, 1000),
    requestsPerMinute: int('RATE_LIMIT_PER_MINUTE', 1200, 0, 1_000_000),
    userRequestsPerMinute: int('RATE_LIMIT_USER_PER_MINUTE', 600, 0, 1_000_000),
    writes: {
      filingsPerHour: int('FILING_LIMIT_PER_HOUR', 20, 0, 1_000_000),
      filingsPerDay: int('FILING_LIMIT_PER_DAY', 100, 0, 1_000_000),
      staffFilingsPerHour: int('STAFF_FILING_LIMIT_PER_HOUR', 200, 0, 1_000_000),
      staffFilingsPerDay: int('STAFF_FILING_LIMIT_PER_DAY', 1000, 0, 1_000_000),
      commentsPerMinute: int('COMMENT_LIMIT_PER_MINUTE', 10, 0, 1_000_000),
    },
    headersTimeoutSeconds: int('HTTP_HEADERS_TIMEOUT_SECONDS', 10, 1, 3600),
    idleTimeoutSeconds: int('HTTP_IDLE_TIMEOUT_SECONDS', 30, 1, 3600),
    requestTimeoutSeconds: int('HTTP_REQUEST_TIMEOUT_SECONDS', 120, 1, 86_400),
  };
  if (limits.headersTimeoutSeconds > limits.requestTimeoutSeconds) {
    problems.push('HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS');
  }
  return limits;
}

// Express's names for the private ranges, besides addresses and subnets.
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: unset (trust nobody), a hop count, or a comma list of addresses, subnets (a.b.c.d/n) and range names. */
function readTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  if (raw === undefined || raw.trim() === '') return false;
  if (/^\d+$/.test(raw.trim())) return integer(raw.trim(), 0, 0, 100, 'TRUST_PROXY', problems) || false;
  const entries = list(raw);
  for (const entry of entries) {
    const [address, ...bits] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits.length === 0 || (bits.length === 1 && /^\d{1,3}$/.test(bits[0]) && Number(bits[0]) <= maxBits);
    if (!PROXY_NAMES.includes(entry) && (family === 0 || !validBits)) {
      problems.push(`TRUST_PROXY: "${entry}" is not a hop count, an IP address, a subnet or one of ${PROXY_NAMES.join(', ')}`);
    }
  }
  return entries;
}

function liveConfig(env: NodeJS.ProcessEnv, problems: string[]): LiveConfig {
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must start with redis:// or rediss:// (the value is not shown)');
  const channel = env.LIVE_CHANNEL ?? 'helpdesk_live';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) problems.push(`LIVE_CHANNEL must be a lower-case identifier (got "${channel}")`);
  const int = (name: string, fallback: number, min: number, max: number): number => integer(env[name], fallback, min, max, name, problems);
  return {
    redisUrl,
    channel,
    queueLimit: int('LIVE_QUEUE_LIMIT', 100, 1, 100_000),
    maxSubscriptions: int('LIVE_MAX_SUBSCRIPTIONS', 20, 1, 1000),
    maxConnections: int('LIVE_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    maxConnectionsPerUser: int('LIVE_MAX_CONNECTIONS_PER_USER', 20, 0, 1_000_000),
    maxConnectionsPerAddress: int('LIVE_MAX_CONNECTIONS_PER_ADDRESS', 1000, 0, 1_000_000),
    upgradesPerMinute: int('LIVE_UPGRADES_PER_MINUTE', 600, 0, 1_000_000),
    initTimeoutSeconds: int('LIVE_INIT_TIMEOUT_SECONDS', 5, 1, 60),
    viewerRefreshSeconds: int('LIVE_VIEWER_REFRESH_SECONDS', 60, 0, 86_400),
  };
}

// A header value, or an address: one line, never a CR or LF (they would add header lines).
const ONE_LINE = /^[^\r\n]*$/;
const ADDRESS = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+$/;

function mailConfig(env: NodeJS.ProcessEnv, publicUrl: string, problems: string[]): MailConfig {
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps:// (the value is not shown)');
  const from = env.MAIL_FROM ?? `Assistance <helpdesk@${new URL(isHttpUrl(publicUrl) ? publicUrl : 'http://localhost').hostname}>`;
  const fromAddress = /<([^>]*)>\s*$/.exec(from)?.[1] ?? from;
  if (!ONE_LINE.test(from) || !ADDRESS.test(fromAddress.trim()))
    problems.push('MAIL_FROM must be an address or "Name <address>" on one line');
  const replyAddress = env.MAIL_REPLY_ADDRESS || undefined;
  if (replyAddress && !ADDRESS.test(replyAddress)) problems.push('MAIL_REPLY_ADDRESS must be a bare address (local@domain)');
  const ticketUrlTemplate = env.TICKET_URL_TEMPLATE ?? `${publicUrl}/?ticket={number}`;
  if (!ticketUrlTemplate.includes('{number}') || !isHttpUrl(ticketUrlTemplate.replace('{number}', '1'))) {
    problems.push('TICKET_URL_TEMPLATE must be an http(s) URL containing {number}');
  }
  const int = (name: string, fallback: number, min: number, max: number): number => integer(env[name], fallback, min, max, name, problems);
  return {
    enabled: bool(env.MAIL_ENABLED, true, 'MAIL_ENABLED', problems),
    smtpUrl,
    from,
    replyAddress,
    ticketUrlTemplate,
    retryDelaySeconds: int('MAIL_RETRY_DELAY_SECONDS', 60, 1, 86_400),
    retryLimit: int('MAIL_RETRY_LIMIT', 12, 0, 1000),
    sendTimeoutSeconds: int('MAIL_SEND_TIMEOUT_SECONDS', 300, 1, 86_400),
    sendConcurrency: int('MAIL_SEND_CONCURRENCY', 4, 0, 100),
    incompleteReminderDays: int('INCOMPLETE_REMINDER_DAYS', 7, 1, 365),
    tokenSecret: '',
  };
}

const MIB = 1024 * 1024;

/** LDAP_URL and its companions; unset LDAP_URL: no directory. */
function directoryConfig(env: NodeJS.ProcessEnv, problems: string[]): DirectoryConfig | undefined {
  const url = env.LDAP_URL || undefined;
  const timeoutMs = integer(env.LDAP_TIMEOUT_MS, 2000, 100, 60_000, 'LDAP_TIMEOUT_MS', problems);
  if (!url) return undefined;
  if (!/^ldaps?:\/\//.test(url)) problems.push('LDAP_URL must start with ldap:// or ldaps:// (the value is not shown)');
  if (!env.LDAP_BASE_DN) problems.push('LDAP_BASE_DN is required when LDAP_URL is set');
  if (Boolean(env.LDAP_BIND_DN) !== Boolean(env.LDAP_BIND_PASSWORD))
    problems.push('LDAP_BIND_DN and LDAP_BIND_PASSWORD go together (or neither, to search anonymously)');
  return {
    url,
    bindDn: env.LDAP_BIND_DN || undefined,
    bindPassword: env.LDAP_BIND_PASSWORD || undefined,
    baseDn: env.LDAP_BASE_DN ?? '',
    timeoutMs,
  };
}

function filesConfig(env: NodeJS.ProcessEnv, dataDir: string, production: boolean, problems: string[]): FilesConfig {
  const maxFileBytes = integer(env.FILE_MAX_BYTES, 10 * MIB, 1, 2 ** 31 - 1, 'FILE_MAX_BYTES', problems);
  const ticketMaxBytes = integer(env.TICKET_FILES_MAX_BYTES, 50 * MIB, 1, Number.MAX_SAFE_INTEGER, 'TICKET_FILES_MAX_BYTES', problems);
  const secret = env.FILE_URL_SECRET ?? '';
  if (secret && secret.length < 32) problems.push('FILE_URL_SECRET must be at least 32 characters long');
  if (!secret && production) problems.push('FILE_URL_SECRET is required when NODE_ENV=production (every instance must share it)');
  const endpoint = env.S3_ENDPOINT || undefined;
  if (endpoint && !isHttpUrl(endpoint)) problems.push('S3_ENDPOINT must be an http(s) URL');
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither, for the SDK's own credentials)");
  }
  const s3: S3Config | undefined = env.S3_BUCKET
    ? {
        bucket: env.S3_BUCKET,
        endpoint,
        region: env.S3_REGION || 'us-east-1',
        accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
        prefix: env.S3_PREFIX ?? '',
        forcePathStyle: bool(env.S3_FORCE_PATH_STYLE, true, 'S3_FORCE_PATH_STYLE', problems),
      }
    : undefined;
  return {
    dir: path.resolve(env.FILES_DIR ?? path.join(dataDir, 'files')),
    s3,
    maxFileBytes,
    perRequest: integer(env.FILES_PER_REQUEST, 5, 1, 100, 'FILES_PER_REQUEST', problems),
    ticketMaxBytes,
    // A dev server signs with a key of its own, so links die with it; instances in production share FILE_URL_SECRET.
    urlSecret: secret || randomBytes(32).toString('base64url'),
    urlTtlSeconds: integer(env.FILE_URL_TTL_SECONDS, 900, 10, 7 * 86_400, 'FILE_URL_TTL_SECONDS', problems),
    sweepIntervalSeconds: integer(env.FILES_SWEEP_SECONDS, 600, 0, 86_400, 'FILES_SWEEP_SECONDS', problems),
    sweepGraceSeconds: integer(env.FILES_SWEEP_GRACE_SECONDS, 3600, 0, 7 * 86_400, 'FILES_SWEEP_GRACE_SECONDS', problems),
  };
}

// A fixed key in development (its mailboxes are test ones); production must bring its own.
const DEV_MAILBOX_SECRET = 'helpdesk-development-mailbox-secret-not-for-production';

function inboxConfig(env: NodeJS.ProcessEnv, production: boolean, problems: string[]): InboxConfig {
  const secret = env.MAILBOX_SECRET ?? '';
  if (secret && secret.length < 32) problems.push('MAILBOX_SECRET must be at least 32 characters long');
  if (!secret && production) problems.push("MAILBOX_SECRET is required when NODE_ENV=production (it protects the mailboxes' passwords)");
  return {
    pollSeconds: integer(env.MAIL_POLL_SECONDS, 60, 0, 86_400, 'MAIL_POLL_SECONDS', problems),
    secret: secret || DEV_MAILBOX_SECRET,
    maxMailBytes: integer(env.MAIL_MAX_BYTES, 40 * MIB, 1024, 2 ** 31 - 1, 'MAIL_MAX_BYTES', problems),
    senderLimitPerHour: integer(env.MAIL_SENDER_LIMIT_PER_HOUR, 20, 0, 1_000_000, 'MAIL_SENDER_LIMIT_PER_HOUR', problems),
  };
}

function integer(raw: string | undefined, fallback: number, min: number, max: number, name: string, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function bool(raw: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
