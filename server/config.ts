import path from 'node:path';

/** How requests are authenticated: dev tokens signed by this server, or an OIDC provider's JWKS. */
export type AuthMode = 'dev' | 'oidc';

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
  /** uids granted the admin role when they sign in (bootstraps a new installation). */
  adminUids: string[];
  /** Load the demo catalogue and users into an empty database (dev only). */
  seedDemo: boolean;
  allowedOrigins: string[];
  logLevel: string;
  /** Seconds between passes of the recall/expiry timers; 0 turns them off (tests drive them directly). */
  timerIntervalSeconds: number;
  limits: { bodyBytes: number; queryDepth: number; requestsPerMinute: number };
  live: LiveConfig;
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
  /** How often a connection re-reads its viewer's memberships (so lost rights stop deliveries); 0: never. */
  viewerRefreshSeconds: number;
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
  if (rawAuthMode !== 'dev' && rawAuthMode !== 'oidc') problems.push(`AUTH_MODE must be "dev" or "oidc" (got "${rawAuthMode}")`);
  const authMode: AuthMode = rawAuthMode === 'oidc' ? 'oidc' : 'dev';
  if (production && authMode === 'dev') problems.push('AUTH_MODE=dev is refused when NODE_ENV=production');

  let oidc: Config['oidc'];
  if (authMode === 'oidc') {
    const missing = ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'].filter((k) => !env[k]);
    for (const key of missing) problems.push(`${key} is required when AUTH_MODE=oidc`);
    if (env.OIDC_JWKS_URL && !isHttpUrl(env.OIDC_JWKS_URL)) problems.push('OIDC_JWKS_URL must be an http(s) URL');
    if (missing.length === 0) {
      oidc = { issuer: env.OIDC_ISSUER!, audience: env.OIDC_AUDIENCE!, jwksUrl: env.OIDC_JWKS_URL! };
    }
  }

  const logLevel = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const allowedOrigins = list(env.ALLOWED_ORIGINS);
  for (const origin of allowedOrigins) {
    if (!isHttpUrl(origin)) problems.push(`ALLOWED_ORIGINS: "${origin}" is not an http(s) origin`);
  }

  const config: Config = {
    production,
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    authMode,
    oidc,
    adminUids: list(env.ADMIN_UIDS),
    seedDemo: authMode === 'dev' && bool(env.SEED_DEMO, true, 'SEED_DEMO', problems),
    allowedOrigins,
    logLevel,
    timerIntervalSeconds: integer(env.TIMER_INTERVAL_SECONDS, 60, 0, 86_400, 'TIMER_INTERVAL_SECONDS', problems),
    limits: {
      bodyBytes: integer(env.MAX_BODY_BYTES, 2 * 1024 * 1024, 1024, 1024 ** 3, 'MAX_BODY_BYTES', problems),
      queryDepth: integer(env.MAX_QUERY_DEPTH, 12, 2, 100, 'MAX_QUERY_DEPTH', problems),
      requestsPerMinute: integer(env.RATE_LIMIT_PER_MINUTE, 1200, 0, 1_000_000, 'RATE_LIMIT_PER_MINUTE', problems),
    },
    live: liveConfig(env, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function liveConfig(env: NodeJS.ProcessEnv, problems: string[]): LiveConfig {
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must start with redis:// or rediss:// (the value is not shown)');
  const channel = env.LIVE_CHANNEL ?? 'helpdesk_live';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) problems.push(`LIVE_CHANNEL must be a lower-case identifier (got "${channel}")`);
  return {
    redisUrl,
    channel,
    queueLimit: integer(env.LIVE_QUEUE_LIMIT, 100, 1, 100_000, 'LIVE_QUEUE_LIMIT', problems),
    maxSubscriptions: integer(env.LIVE_MAX_SUBSCRIPTIONS, 20, 1, 1000, 'LIVE_MAX_SUBSCRIPTIONS', problems),
    maxConnections: integer(env.LIVE_MAX_CONNECTIONS, 10_000, 1, 1_000_000, 'LIVE_MAX_CONNECTIONS', problems),
    viewerRefreshSeconds: integer(env.LIVE_VIEWER_REFRESH_SECONDS, 60, 0, 86_400, 'LIVE_VIEWER_REFRESH_SECONDS', problems),
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
