import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

/** What the next ID token should be, for tests of the checks a client must make. */
export interface IdTokenTweaks {
  /** Claims added to (or replacing) the ones of a correct token. */
  claims?: JWTPayload;
  /** Sign with a key the JWKS does not publish (under the published kid). */
  foreignKey?: boolean;
  /** `alg: none`, no signature. */
  unsigned?: boolean;
}

/** A small OpenID Connect provider for tests: discovery, JWKS, authorize (signs `subject` in at once), token endpoint with PKCE. */
export interface OidcProvider {
  /** The issuer (OIDC_ISSUER); its discovery document is at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  jwksUrl: string;
  clientId: string;
  clientSecret: string;
  /** The person `/authorize` signs in next: claims of their ID token. */
  subject: JWTPayload;
  /** Applied to the next ID token only. */
  tweaks: IdTokenTweaks | undefined;
  /** Signs an access token (a bearer JWT) with the published key, or with `key` (any algorithm). */
  sign(
    payload: JWTPayload,
    opts?: { audience?: string; issuer?: string; kid?: string; expiresIn?: number; notBefore?: number },
  ): Promise<string>;
  /** The published public key (RSA) as a JWK. */
  publicJwk: JWK;
  stop(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  nonce: string | undefined;
  challenge: string | undefined;
  subject: JWTPayload;
  used: boolean;
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * The provider side of the authorization code flow (OpenID Connect Core 1.0, 3.1; PKCE, RFC 7636): a
 * code is for one client and redirect URI, used once, and its PKCE verifier must hash to the challenge.
 */
export async function startOidcProvider(opts: { clientId?: string; clientSecret?: string } = {}): Promise<OidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const kid = 'test-key-1';
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const clientId = opts.clientId ?? 'helpdesk';
  const clientSecret = opts.clientSecret ?? randomBytes(16).toString('hex');

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider: OidcProvider = {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    clientId,
    clientSecret,
    subject: { sub: 'alice', name: 'Alice Martin', email: 'alice@univ.example.fr' },
    tweaks: undefined,
    publicJwk,
    async sign(payload, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? kid })
        .setIssuer(o.issuer ?? issuer)
        .setAudience(o.audience ?? clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + (o.expiresIn ?? 300));
      if (o.notBefore !== undefined) jwt.setNotBefore(now + o.notBefore);
      return jwt.sign(privateKey);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  async function idToken(grant: Grant): Promise<string> {
    const tweaks = provider.tweaks ?? {};
    provider.tweaks = undefined;
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      iss: issuer,
      aud: grant.clientId,
      iat: now,
      exp: now + 300,
      ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
      ...grant.subject,
      ...tweaks.claims,
    };
    if (tweaks.unsigned) return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(tweaks.foreignKey ? foreign.privateKey : privateKey);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      });
      return;
    }
    if (url.pathname === '/jwks') {
      json(200, { keys: [publicJwk] });
      return;
    }
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri');
      if (q.get('client_id') !== clientId || !redirectUri || q.get('response_type') !== 'code') {
        json(400, { error: 'invalid_request' });
        return;
      }
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
        json(400, { error: 'invalid_request' });
        return;
      }
      const code = randomBytes(18).toString('base64url');
      grants.set(code, {
        clientId,
        redirectUri,
        nonce: q.get('nonce') ?? undefined,
        challenge: q.get('code_challenge') ?? undefined,
        subject: { ...provider.subject },
        used: false,
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      const state = q.get('state');
      if (state) back.searchParams.set('state', state);
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const grant = grants.get(form.get('code') ?? '');
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        json(401, { error: 'invalid_client' });
        return;
      }
      if (!grant || grant.used || grant.redirectUri !== form.get('redirect_uri')) {
        json(400, { error: 'invalid_grant' });
        return;
      }
      grant.used = true;
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (challenge !== grant.challenge) {
        json(400, { error: 'invalid_grant' });
        return;
      }
      json(200, {
        access_token: randomBytes(18).toString('base64url'),
        token_type: 'Bearer',
        expires_in: 300,
        id_token: await idToken(grant),
      });
      return;
    }
    res.writeHead(404).end();
  }

  return provider;
}
