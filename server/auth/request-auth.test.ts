import { decodeJwt, exportSPKI, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../../test/fixture.js';

/** The safe messages an UNAUTHENTICATED answer may carry (never jose's own words). */
const SAFE_MESSAGES = [
  'A bearer token is required',
  'Invalid token',
  'Token expired',
  'Token not yet valid',
  'Token has no valid user id',
  'Token could not be verified',
];

interface WireAnswer {
  status: number;
  contentType: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication of /graphql requests', () => {
  const app = useTestApp();
  let issuer: string;
  let audience: string;
  let devJwk: JWK;

  beforeAll(async () => {
    const claims = decodeJwt(await app.token('probe'));
    issuer = String(claims.iss);
    audience = String(claims.aud);
    const res = await fetch(`${app.url}/auth/dev/jwks.json`);
    expect(res.status).toBe(200);
    const jwks = (await res.json()) as { keys: JWK[] };
    expect(jwks.keys).toHaveLength(1);
    devJwk = jwks.keys[0]!;
  });
  afterEach(() => vi.restoreAllMocks());

  async function post(authorization: string | undefined, query = '{ me { uid } }'): Promise<WireAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== undefined) headers.authorization = authorization;
    const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
    return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as WireAnswer['body'] };
  }

  async function userCount(uid: string): Promise<number> {
    const [row] = await app.em().execute<{ n: string }[]>('select count(*) as n from app_user where uid = ?', [uid]);
    return Number(row.n);
  }

  /** The answer must be a bare 401 UNAUTHENTICATED with a safe message, and `uid` must not have been signed in. */
  async function expectUnauthenticated(authorization: string | undefined, uid?: string): Promise<WireAnswer> {
    const answer = await post(authorization);
    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors).toHaveLength(1);
    const [error] = answer.body.errors!;
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(SAFE_MESSAGES).toContain(error.message);
    if (uid !== undefined) expect(await userCount(uid)).toBe(0);
    return answer;
  }

  /** Claims the dev issuer would put in a token, for hand-made ones. */
  function claimsFor(uid: string, expiresIn = 3600): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { uid, sub: uid, name: uid, iss: issuer, aud: audience, iat: now, exp: now + expiresIn };
  }

  it('should accept a dev token and sign its user in (the baseline the refusals compare to)', async () => {
    expect(await userCount('authok')).toBe(0);
    const answer = await post(`Bearer ${await app.token('authok')}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { me: { uid: 'authok' } } });
    expect(await userCount('authok')).toBe(1);
  });

  it('should answer 401 UNAUTHENTICATED without an Authorization header', async () => {
    const answer = await expectUnauthenticated(undefined);
    expect(answer.body.errors![0].message).toBe('A bearer token is required');
  });

  it('should answer 401 UNAUTHENTICATED for a non-Bearer scheme', async () => {
    await expectUnauthenticated(`Basic ${Buffer.from('alice:secret').toString('base64')}`);
    await expectUnauthenticated('Bearer');
  });

  it('should answer 401 UNAUTHENTICATED for "Bearer garbage"', async () => {
    await expectUnauthenticated('Bearer garbage');
    await expectUnauthenticated('Bearer a.b.c');
  });

  it('should answer 401 UNAUTHENTICATED for an unsigned alg:none token and create no user', async () => {
    const header = { alg: 'none', typ: 'JWT', kid: devJwk.kid };
    await expectUnauthenticated(`Bearer ${b64(header)}.${b64(claimsFor('algnone'))}.`, 'algnone');
  });

  it('should answer 401 UNAUTHENTICATED for an HS256 token whose secret is the dev public key (JWK JSON) and create no user', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(devJwk));
    const token = await new SignJWT(claimsFor('hsjwk')).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: devJwk.kid }).sign(secret);
    await expectUnauthenticated(`Bearer ${token}`, 'hsjwk');
  });

  it('should answer 401 UNAUTHENTICATED for an HS256 token whose secret is the dev public key (PEM) and create no user', async () => {
    const pem = await exportSPKI((await importJWK(devJwk, 'ES256', { extractable: true })) as CryptoKey);
    expect(pem).toContain('BEGIN PUBLIC KEY');
    const token = await new SignJWT(claimsFor('hspem'))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: devJwk.kid })
      .sign(new TextEncoder().encode(pem));
    await expectUnauthenticated(`Bearer ${token}`, 'hspem');
  });

  it('should answer 401 UNAUTHENTICATED for a token signed by another key under the dev key id and create no user', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT(claimsFor('forged')).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: devJwk.kid }).sign(privateKey);
    await expectUnauthenticated(`Bearer ${token}`, 'forged');
  });

  it('should answer 401 UNAUTHENTICATED for a dev token whose payload was altered after signing', async () => {
    const [header, , signature] = (await app.token('honest')).split('.');
    await expectUnauthenticated(`Bearer ${header}.${b64(claimsFor('tampered'))}.${signature}`, 'tampered');
  });

  it('should answer 401 UNAUTHENTICATED (one message for every refusal) for a dev-key token past its expiry (beyond the clock tolerance) and create no user', async () => {
    const realNow = Date.now();
    // Signed "two hours ago" for one minute: expired 1 h 59 min ago, far beyond the 30 s tolerance.
    vi.spyOn(Date, 'now').mockReturnValue(realNow - 2 * 3600 * 1000);
    const token = await app.devIssuer!.sign({ uid: 'expired' }, 60);
    vi.restoreAllMocks();
    expect(Number(decodeJwt(token).exp)).toBeLessThan(Math.floor(realNow / 1000) - 3600);
    const answer = await expectUnauthenticated(`Bearer ${token}`, 'expired');
    expect(answer.body.errors![0].message).toBe('Invalid token');
  });

  it('should answer 401 UNAUTHENTICATED for an oversized token', async () => {
    await expectUnauthenticated(`Bearer ${'a'.repeat(9000)}`);
  });

  it('should refuse unauthenticated GET queries the same way', async () => {
    const res = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ me { uid } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as WireAnswer['body'];
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  describe('POST /auth/dev/token', () => {
    async function devToken(
      body: string,
    ): Promise<{ status: number; json: { token?: string; errors?: { extensions?: Record<string, unknown> }[] } }> {
      const res = await fetch(`${app.url}/auth/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: res.status, json: (await res.json()) as { token?: string; errors?: { extensions?: Record<string, unknown> }[] } };
    }

    it('should answer a token that signs the user in through /graphql', async () => {
      const answer = await devToken(JSON.stringify({ uid: 'viadev' }));
      expect(answer.status).toBe(200);
      expect(typeof answer.json.token).toBe('string');
      const me = await post(`Bearer ${answer.json.token!}`);
      expect(me.body).toEqual({ data: { me: { uid: 'viadev' } } });
    });

    it.each([
      ['a missing uid', '{}'],
      ['an empty uid', '{"uid":""}'],
      ['a uid with a space', '{"uid":"ali ce"}'],
      ['a 65-character uid', JSON.stringify({ uid: 'u'.repeat(65) })],
      ['a numeric uid', '{"uid":42}'],
      ['a uid with markup', '{"uid":"<script>"}'],
    ])('should answer 400 BAD_USER_INPUT on uid for %s', async (_label, body) => {
      const answer = await devToken(body);
      expect(answer.status).toBe(400);
      expect(answer.json.token).toBeUndefined();
      expect(answer.json.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'uid' });
    });
  });
});
