import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const OIDC = {
  OIDC_ISSUER: 'https://idp.univ.example.fr/realms/univ',
  OIDC_AUDIENCE: 'assistance',
  OIDC_JWKS_URL: 'https://idp.univ.example.fr/realms/univ/protocol/openid-connect/certs',
};
/** Production also needs the key that signs download links (shared by every instance). */
// The two keys production requires (file links; the mailboxes' passwords).
const SECRET = {
  FILE_URL_SECRET: 'a-long-enough-secret-for-signing-file-links',
  MAILBOX_SECRET: 'a-long-enough-secret-for-the-mailbox-passwords',
};

/** The ConfigError loadConfig throws for `env` (fails the test if it does not throw one). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('should default to port 4000, dev auth, demo data and the standard limits outside production', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      production: false,
      port: 4000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:4000',
      databaseUrl: undefined,
      dataDir: path.resolve('.data'),
      authMode: 'dev',
      oidc: undefined,
      adminUids: [],
      seedDemo: true,
      allowedOrigins: [],
      logLevel: 'info',
      timerIntervalSeconds: 60,
      limits: {
        bodyBytes: 2 * 1024 * 1024,
        headerBytes: 16 * 1024,
        queryBytes: 64 * 1024,
        queryTokens: 2000,
        queryDepth: 12,
        queryAliases: 15,
        queryDirectives: 20,
        queryCost: 50_000,
        mutationsPerRequest: 1,
        requestsPerMinute: 1200,
        userRequestsPerMinute: 600,
        headersTimeoutSeconds: 10,
        idleTimeoutSeconds: 30,
        requestTimeoutSeconds: 120,
      },
      trustProxy: false,
      graphql: { introspection: true, fieldSuggestions: true },
      dbTimeoutSeconds: 10,
    });
  });

  it('should stay in dev mode whatever the database when NODE_ENV is not production', () => {
    const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgresql://helpdesk@db.univ.example.fr/helpdesk' });
    expect(config.authMode).toBe('dev');
    expect(config.databaseUrl).toBe('postgresql://helpdesk@db.univ.example.fr/helpdesk');
  });

  it('should be silent under NODE_ENV=test', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('should refuse AUTH_MODE=dev when NODE_ENV=production and say so', () => {
    const error = configError({ NODE_ENV: 'production', AUTH_MODE: 'dev', ...OIDC, ...SECRET });
    expect(error.problems).toEqual(['AUTH_MODE=dev is refused when NODE_ENV=production']);
    expect(error.message).toContain('AUTH_MODE=dev is refused when NODE_ENV=production');
  });

  it('should list all three missing OIDC variables in production', () => {
    const error = configError({ NODE_ENV: 'production', ...SECRET });
    for (const key of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL']) {
      expect(error.problems).toContain(`${key} is required when AUTH_MODE=oidc`);
      expect(error.message).toContain(key);
    }
    expect(error.problems).toHaveLength(3);
  });

  it('should list only the OIDC variable that is missing', () => {
    const error = configError({ NODE_ENV: 'production', ...SECRET, OIDC_ISSUER: OIDC.OIDC_ISSUER, OIDC_JWKS_URL: OIDC.OIDC_JWKS_URL });
    expect(error.problems).toEqual(['OIDC_AUDIENCE is required when AUTH_MODE=oidc']);
  });

  it('should accept a complete production configuration, without demo data', () => {
    const config = loadConfig({ NODE_ENV: 'production', ...OIDC, ...SECRET, SEED_DEMO: 'true' });
    expect(config).toMatchObject({ production: true, authMode: 'oidc', seedDemo: false, logLevel: 'info' });
    expect(config.oidc).toEqual({ issuer: OIDC.OIDC_ISSUER, audience: OIDC.OIDC_AUDIENCE, jwksUrl: OIDC.OIDC_JWKS_URL });
  });

  it('should list several problems at once in one message', () => {
    const error = configError({
      NODE_ENV: 'production',
      ...SECRET,
      AUTH_MODE: 'dev',
      PORT: 'http',
      LOG_LEVEL: 'loud',
      MAX_QUERY_DEPTH: '1',
      ALLOWED_ORIGINS: 'ftp://x.example',
      SEED_DEMO: 'perhaps',
    });
    const expected = [
      'PORT must be an integer',
      'AUTH_MODE=dev is refused',
      'LOG_LEVEL must be one of',
      'ALLOWED_ORIGINS: "ftp://x.example"',
      'SEED_DEMO must be true or false',
      'MAX_QUERY_DEPTH must be an integer between 2 and 100',
    ];
    for (const text of expected) {
      expect(
        error.problems.some((p) => p.includes(text)),
        `problems lack "${text}": ${JSON.stringify(error.problems)}`,
      ).toBe(true);
      expect(error.message).toContain(text);
    }
    expect(error.problems).toHaveLength(expected.length);
    expect(error.message.split('\n  - ')).toHaveLength(expected.length + 1);
  });

  it('should refuse an unknown AUTH_MODE', () => {
    expect(configError({ AUTH_MODE: 'saml' }).problems).toEqual(['AUTH_MODE must be "dev", "cas" or "oidc" (got "saml")']);
  });

  it('should need CAS_URL with AUTH_MODE=cas and map the attributes (defaults, then settings)', () => {
    expect(configError({ AUTH_MODE: 'cas' }).problems).toEqual(['CAS_URL is required when AUTH_MODE=cas']);
    const config = loadConfig({ AUTH_MODE: 'cas', CAS_URL: 'https://cas.univ.example.fr/cas/', AUTH_MAIL_ATTRIBUTE: 'supannMailPerso' });
    expect(config.signIn.cas).toEqual({ url: 'https://cas.univ.example.fr/cas' });
    expect(config.signIn.attributes).toEqual({
      uid: 'uid',
      name: 'displayName',
      mail: 'supannMailPerso',
      affiliation: 'eduPersonAffiliation',
    });
    expect(config.signIn.sessionHours).toBe(8);
  });

  it("should refuse uPortal's published default key (CHANGEME) in production, and take it elsewhere", () => {
    const error = configError({ NODE_ENV: 'production', ...OIDC, ...SECRET, PORTAL_JWT_KEY: 'CHANGEME' });
    expect(error.problems).toEqual([expect.stringContaining("PORTAL_JWT_KEY is uPortal's published default key")]);
    expect(loadConfig({ PORTAL_JWT_KEY: 'CHANGEME' }).signIn.portal).toEqual({ key: 'CHANGEME', issuer: undefined });
    const production = loadConfig({ NODE_ENV: 'production', ...OIDC, ...SECRET, PORTAL_JWT_KEY: 'a-portal-key', PORTAL_JWT_ISSUER: 'ent' });
    expect(production.signIn.portal).toEqual({ key: 'a-portal-key', issuer: 'ent' });
  });

  it('should take bearer tokens of OIDC_ISSUER in every mode, the client id as default audience', () => {
    const config = loadConfig({
      AUTH_MODE: 'cas',
      CAS_URL: 'https://cas.example',
      OIDC_ISSUER: OIDC.OIDC_ISSUER,
      OIDC_CLIENT_ID: 'helpdesk',
      OIDC_JWKS_URL: OIDC.OIDC_JWKS_URL,
    });
    expect(config.oidc).toEqual({ issuer: OIDC.OIDC_ISSUER, audience: 'helpdesk', jwksUrl: OIDC.OIDC_JWKS_URL });
    expect(config.signIn.oidcClient).toBeUndefined();
    expect(configError({ OIDC_ISSUER: OIDC.OIDC_ISSUER }).problems).toEqual([
      'OIDC_AUDIENCE is required when OIDC_ISSUER is set',
      'OIDC_JWKS_URL is required when OIDC_ISSUER is set',
    ]);
  });

  it('should refuse out-of-range integers', () => {
    expect(configError({ PORT: '70000' }).problems[0]).toMatch(/^PORT must be an integer between 0 and 65535/);
    expect(configError({ MAX_BODY_BYTES: '10' }).problems[0]).toMatch(/^MAX_BODY_BYTES/);
    expect(configError({ PORT: '4000.5' }).problems[0]).toMatch(/^PORT/);
  });

  it('should never show the DATABASE_URL value (it may hold a password) in the error', () => {
    const secretUrl = 'mysql://helpdesk:S3cr3t-P4ss@db.univ.example.fr/helpdesk';
    const error = configError({ DATABASE_URL: secretUrl, NODE_ENV: 'production' });
    expect(error.problems.some((p) => p.startsWith('DATABASE_URL must start with postgresql://'))).toBe(true);
    expect(error.message).not.toContain('S3cr3t-P4ss');
    expect(error.message).not.toContain(secretUrl);
    expect(error.message).not.toContain('db.univ.example.fr');
    expect(JSON.stringify(error.problems)).not.toContain('S3cr3t');
  });

  it('should read comma lists trimmed and strip the trailing slash of PUBLIC_URL', () => {
    const config = loadConfig({
      ADMIN_UIDS: ' alice , bob,,',
      ALLOWED_ORIGINS: 'https://ent.univ.example.fr, https://portail.univ.example.fr',
      PUBLIC_URL: 'https://assistance.univ.example.fr/',
    });
    expect(config.adminUids).toEqual(['alice', 'bob']);
    expect(config.allowedOrigins).toEqual(['https://ent.univ.example.fr', 'https://portail.univ.example.fr']);
    expect(config.publicUrl).toBe('https://assistance.univ.example.fr');
  });

  it('should turn demo data off with SEED_DEMO=false', () => {
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
  });

  describe('files', () => {
    it('should default to a directory under DATA_DIR, 10 MiB a file, 5 a request, 50 MiB a ticket, links of 15 minutes', () => {
      const { files } = loadConfig({ DATA_DIR: '/srv/helpdesk' });
      expect(files).toMatchObject({
        dir: path.resolve('/srv/helpdesk/files'),
        s3: undefined,
        maxFileBytes: 10 * 1024 * 1024,
        perRequest: 5,
        ticketMaxBytes: 50 * 1024 * 1024,
        urlTtlSeconds: 900,
        sweepIntervalSeconds: 600,
        sweepGraceSeconds: 3600,
      });
      // In dev a key is made at each start: links die with the process.
      expect(files.urlSecret.length).toBeGreaterThanOrEqual(32);
      expect(loadConfig({}).files.urlSecret).not.toBe(files.urlSecret);
    });

    it('should read an S3 store and its settings', () => {
      const { files } = loadConfig({
        S3_BUCKET: 'helpdesk',
        S3_ENDPOINT: 'https://s3.univ.example.fr',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_PREFIX: 'prod/',
        S3_FORCE_PATH_STYLE: 'false',
      });
      expect(files.s3).toEqual({
        bucket: 'helpdesk',
        endpoint: 'https://s3.univ.example.fr',
        region: 'us-east-1',
        accessKeyId: 'id',
        secretAccessKey: 'secret',
        prefix: 'prod/',
        forcePathStyle: false,
      });
    });

    it('should refuse a short or missing link key in production, half S3 credentials and a bad endpoint, never echoing secrets', () => {
      expect(configError({ NODE_ENV: 'production', ...OIDC, MAILBOX_SECRET: SECRET.MAILBOX_SECRET }).problems).toEqual([
        'FILE_URL_SECRET is required when NODE_ENV=production (every instance must share it)',
      ]);
      const error = configError({
        FILE_URL_SECRET: 'short-s3cr3t',
        S3_BUCKET: 'b',
        S3_SECRET_ACCESS_KEY: 'k3y-s3cr3t',
        S3_ENDPOINT: 'ftp://x',
      });
      expect(error.problems).toHaveLength(3);
      expect(error.message).not.toContain('short-s3cr3t');
      expect(error.message).not.toContain('k3y-s3cr3t');
      expect(configError({ FILE_MAX_BYTES: '0' }).problems[0]).toMatch(/^FILE_MAX_BYTES/);
      expect(configError({ FILES_PER_REQUEST: '101' }).problems[0]).toMatch(/^FILES_PER_REQUEST/);
    });
  });

  it('should turn introspection and field suggestions off in production unless set on', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...OIDC, ...SECRET }).graphql).toEqual({ introspection: false, fieldSuggestions: false });
    const opened = loadConfig({
      NODE_ENV: 'production',
      ...OIDC,
      ...SECRET,
      GRAPHQL_INTROSPECTION: 'true',
      GRAPHQL_FIELD_SUGGESTIONS: 'yes',
    });
    expect(opened.graphql).toEqual({ introspection: true, fieldSuggestions: true });
  });

  it('should read TRUST_PROXY as nobody, a hop count, or addresses, subnets and range names', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16, fd00::/8, loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('should refuse a TRUST_PROXY entry that is no address, subnet or range name', () => {
    expect(configError({ TRUST_PROXY: 'true' }).problems).toEqual([
      'TRUST_PROXY: "true" is not a hop count, an IP address, a subnet or one of loopback, linklocal, uniquelocal',
    ]);
    expect(configError({ TRUST_PROXY: '10.0.0.0/33, proxy.univ.fr' }).problems).toHaveLength(2);
  });

  it('should refuse a headers timeout longer than the request timeout (Node would throw at start)', () => {
    expect(configError({ HTTP_HEADERS_TIMEOUT_SECONDS: '60', HTTP_REQUEST_TIMEOUT_SECONDS: '30' }).problems).toEqual([
      'HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS',
    ]);
  });

  it('should give every person write budgets by default, each read from its variable and turned off by 0', () => {
    expect(loadConfig({}).limits.writes).toEqual({
      filingsPerHour: 20,
      filingsPerDay: 100,
      staffFilingsPerHour: 200,
      staffFilingsPerDay: 1000,
      commentsPerMinute: 10,
    });
    const { writes } = loadConfig({ FILING_LIMIT_PER_HOUR: '0', STAFF_FILING_LIMIT_PER_DAY: '5000', COMMENT_LIMIT_PER_MINUTE: '3' }).limits;
    expect(writes).toMatchObject({ filingsPerHour: 0, staffFilingsPerDay: 5000, commentsPerMinute: 3 });
    expect(configError({ FILING_LIMIT_PER_DAY: '-1' }).problems[0]).toMatch(/^FILING_LIMIT_PER_DAY must be an integer between 0/);
  });

  it('should read every limit from its variable', () => {
    const { limits } = loadConfig({
      MAX_QUERY_COST: '500',
      MAX_MUTATIONS_PER_REQUEST: '5',
      RATE_LIMIT_USER_PER_MINUTE: '0',
      MAX_QUERY_ALIASES: '0',
    });
    expect(limits).toMatchObject({ queryCost: 500, mutationsPerRequest: 5, userRequestsPerMinute: 0, queryAliases: 0 });
    expect(configError({ MAX_MUTATIONS_PER_REQUEST: '0' }).problems[0]).toMatch(/^MAX_MUTATIONS_PER_REQUEST must be an integer between 1/);
  });
});

describe('live update settings', () => {
  it('should default to PostgreSQL LISTEN/NOTIFY on helpdesk_live with bounded queues', () => {
    expect(loadConfig({}).live).toEqual({
      redisUrl: undefined,
      channel: 'helpdesk_live',
      queueLimit: 100,
      maxSubscriptions: 20,
      maxConnections: 10_000,
      maxConnectionsPerUser: 20,
      maxConnectionsPerAddress: 1000,
      upgradesPerMinute: 600,
      initTimeoutSeconds: 5,
      viewerRefreshSeconds: 60,
    });
  });

  it('should read REDIS_URL and the LIVE_ settings', () => {
    const live = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      LIVE_CHANNEL: 'assistance_2',
      LIVE_QUEUE_LIMIT: '10',
      LIVE_MAX_SUBSCRIPTIONS: '5',
      LIVE_MAX_CONNECTIONS: '50',
      LIVE_MAX_CONNECTIONS_PER_USER: '0',
      LIVE_MAX_CONNECTIONS_PER_ADDRESS: '200',
      LIVE_UPGRADES_PER_MINUTE: '30',
      LIVE_INIT_TIMEOUT_SECONDS: '3',
      LIVE_VIEWER_REFRESH_SECONDS: '0',
    }).live;
    expect(live).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      channel: 'assistance_2',
      queueLimit: 10,
      maxSubscriptions: 5,
      maxConnections: 50,
      maxConnectionsPerUser: 0,
      maxConnectionsPerAddress: 200,
      upgradesPerMinute: 30,
      initTimeoutSeconds: 3,
      viewerRefreshSeconds: 0,
    });
  });

  it('should list every bad live setting at once, without showing the Redis URL', () => {
    const error = configError({
      REDIS_URL: 'http://user:secret@redis.example',
      LIVE_CHANNEL: 'Bad-Channel; drop',
      LIVE_QUEUE_LIMIT: '0',
      LIVE_MAX_SUBSCRIPTIONS: 'many',
      LIVE_MAX_CONNECTIONS: '0',
      LIVE_MAX_CONNECTIONS_PER_USER: '-1',
      LIVE_UPGRADES_PER_MINUTE: 'fast',
      LIVE_INIT_TIMEOUT_SECONDS: '0',
      LIVE_VIEWER_REFRESH_SECONDS: '-1',
    });
    expect(error.problems).toHaveLength(9);
    expect(error.message).not.toContain('secret');
    expect(error.problems.join('\n')).toMatch(
      /REDIS_URL.*LIVE_CHANNEL.*LIVE_QUEUE_LIMIT.*LIVE_MAX_SUBSCRIPTIONS.*LIVE_MAX_CONNECTIONS.*PER_USER.*LIVE_UPGRADES.*LIVE_INIT.*LIVE_VIEWER_REFRESH_SECONDS/s,
    );
  });

  it('should keep metrics and retention off by default, and refuse a short METRICS_TOKEN or a bad RETENTION_YEARS', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: undefined, retentionYears: undefined });
    expect(loadConfig({ METRICS_TOKEN: 'sixteen-chars-ok', RETENTION_YEARS: '5' })).toMatchObject({
      metricsToken: 'sixteen-chars-ok',
      retentionYears: 5,
    });
    const error = configError({ METRICS_TOKEN: 'short', RETENTION_YEARS: '0' });
    expect(error.problems.join('\n')).toMatch(
      /RETENTION_YEARS must be an integer between 1 and 100[\s\S]*METRICS_TOKEN must be at least 16 characters/,
    );
    expect(error.message).not.toContain('short');
  });
});

describe('loadConfig: the LDAP directory', () => {
  it('should have no directory without LDAP_URL, and read the four settings with it', () => {
    expect(loadConfig({}).directory).toBeUndefined();
    expect(
      loadConfig({
        LDAP_URL: 'ldaps://ldap.univ.example.fr',
        LDAP_BIND_DN: 'cn=helpdesk,ou=system,dc=univ,dc=fr',
        LDAP_BIND_PASSWORD: 'secret',
        LDAP_BASE_DN: 'ou=people,dc=univ,dc=fr',
      }).directory,
    ).toEqual({
      url: 'ldaps://ldap.univ.example.fr',
      bindDn: 'cn=helpdesk,ou=system,dc=univ,dc=fr',
      bindPassword: 'secret',
      baseDn: 'ou=people,dc=univ,dc=fr',
      timeoutMs: 2000,
    });
  });

  it('should refuse a URL that is not LDAP, a missing base, a bind DN without password, and never show the password', () => {
    const error = configError({ LDAP_URL: 'http://ldap', LDAP_BIND_DN: 'cn=x', LDAP_TIMEOUT_MS: '5' });
    expect(error.problems).toEqual([
      'LDAP_TIMEOUT_MS must be an integer between 100 and 60000 (got "5")',
      'LDAP_URL must start with ldap:// or ldaps:// (the value is not shown)',
      'LDAP_BASE_DN is required when LDAP_URL is set',
      'LDAP_BIND_DN and LDAP_BIND_PASSWORD go together (or neither, to search anonymously)',
    ]);
  });
});
