import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  errors,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnavailableError } from '../errors.js';
import type { RemoteJwksOptions } from './remote-jwks.js';
import { createDevTokenIssuer, createJwksVerifier, InvalidTokenError, type DevTokenIssuer, type TokenVerifier } from './tokens.js';

const ISSUER = 'https://idp.test/realms/univ';
const AUDIENCE = 'assistance';
const SAFE_MESSAGES = [
  'Invalid token',
  'Token expired',
  'Token not yet valid',
  'Token has no valid user id',
  'Token could not be verified',
];

const base64url = (value: string | Uint8Array): string => Buffer.from(value).toString('base64url');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Asserts a rejection is an InvalidTokenError with one of our short messages (never jose's). */
async function expectInvalid(promise: Promise<unknown>, message?: string): Promise<InvalidTokenError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  const { message: actual } = error as InvalidTokenError;
  expect(SAFE_MESSAGES).toContain(actual);
  if (message !== undefined) expect(actual).toBe(message);
  return error as InvalidTokenError;
}

function devKid(issuer: DevTokenIssuer): string {
  const [jwk] = issuer.jwks().keys as (JWK | undefined)[];
  if (jwk?.kid === undefined) throw new Error('dev JWKS has no kid');
  return jwk.kid;
}

interface TestKey {
  privateKey: CryptoKey;
  jwk: JWK;
  kid: string;
}

async function createTestKey(alg: 'RS256' | 'ES256', kid?: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const publicJwk = await exportJWK(publicKey);
  const keyId = kid ?? (await calculateJwkThumbprint(publicJwk));
  return { privateKey, kid: keyId, jwk: { ...publicJwk, kid: keyId, alg, use: 'sig' } };
}

function signWith(
  key: TestKey,
  payload: JWTPayload,
  options: { alg?: string; issuer?: string; audience?: string; expiresIn?: number | null } = {},
): Promise<string> {
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? key.jwk.alg ?? 'RS256', kid: key.kid })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt();
  if (options.expiresIn !== null) jwt.setExpirationTime(nowSeconds() + (options.expiresIn ?? 300));
  return jwt.sign(key.privateKey);
}

interface JwksServer {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 serving a JWKS, counting requests; 'hang' never answers (an identity provider that hangs). */
async function startJwksServer(jwks: (() => object) | 'hang'): Promise<JwksServer> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    count += 1;
    if (jwks === 'hang') return;
    if (request.url !== '/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const servers: JwksServer[] = [];
async function jwksVerifierFor(
  jwks: () => object,
  expected: { issuer?: string; audience?: string } = {},
  fetching: RemoteJwksOptions = {},
): Promise<{ verifier: TokenVerifier; server: JwksServer }> {
  const server = await startJwksServer(jwks);
  servers.push(server);
  const verifier = createJwksVerifier(
    {
      jwksUrl: server.url,
      issuer: expected.issuer ?? ISSUER,
      audience: expected.audience ?? AUDIENCE,
    },
    fetching,
  );
  return { verifier, server };
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('createDevTokenIssuer', () => {
  it('should verify a dev token and map its claims', async () => {
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const token = await issuer.sign({
      uid: 'alice',
      name: 'Alice Martin',
      email: 'alice@univ.test',
      locale: 'fr-FR',
    });

    await expect(issuer.verify(token)).resolves.toEqual({
      uid: 'alice',
      name: 'Alice Martin',
      email: 'alice@univ.test',
      locale: 'fr',
    });
  });

  it('should sign with the kid of its published public key and never publish the private part', async () => {
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const token = await issuer.sign({ uid: 'bob' });
    const keys = issuer.jwks().keys as JWK[];

    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toHaveProperty('d');
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: devKid(issuer) });
  });

  it('should default to a 12 h lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const token = await issuer.sign({ uid: 'carol' });

    vi.setSystemTime(Date.now() + 11 * 3600_000);
    await expect(issuer.verify(token)).resolves.toMatchObject({ uid: 'carol' });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    await expectInvalid(issuer.verify(token), 'Invalid token');
  });

  it('should reject an expired token beyond the small clock tolerance', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const token = await issuer.sign({ uid: 'alice' }, 60);

    vi.setSystemTime(Date.now() + 70_000); // expired 10 s ago: within tolerance
    await expect(issuer.verify(token)).resolves.toMatchObject({ uid: 'alice' });
    vi.setSystemTime(Date.now() + 60_000); // expired 70 s ago
    await expectInvalid(issuer.verify(token), 'Invalid token');
  });

  it('should reject an unsigned alg none token', async () => {
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const header = base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: devKid(issuer) }));
    const payload = base64url(JSON.stringify({ uid: 'admin', iss: ISSUER, aud: AUDIENCE, exp: nowSeconds() + 300 }));

    const error = await expectInvalid(issuer.verify(`${header}.${payload}.`), 'Invalid token');
    expect(error.cause).toBeInstanceOf(errors.JOSEAlgNotAllowed);
  });

  it('should reject an HS256 token using the public key material as HMAC secret', async () => {
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const [publicJwk] = issuer.jwks().keys as JWK[];
    const publicKey = await importJWK({ ...publicJwk }, 'ES256');
    if (publicKey instanceof Uint8Array) throw new Error('expected a public key');
    const secrets = [JSON.stringify(publicJwk), await exportSPKI(publicKey)];

    for (const secret of secrets) {
      const forged = await new SignJWT({ uid: 'admin' })
        .setProtectedHeader({ alg: 'HS256', kid: devKid(issuer) })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
      const error = await expectInvalid(issuer.verify(forged), 'Invalid token');
      expect(error.cause).toBeInstanceOf(errors.JOSEAlgNotAllowed); // refused by the allowlist
    }
  });

  it('should reject a token signed by another key pair with the same kid', async () => {
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const impostor = await createTestKey('ES256', devKid(issuer));
    const forged = await signWith(impostor, { uid: 'admin' });

    await expectInvalid(issuer.verify(forged), 'Invalid token');
  });

  it('should reject garbage strings', async () => {
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const valid = await issuer.sign({ uid: 'alice' });
    const [header, payload] = valid.split('.');
    const garbage = [
      'garbage',
      '',
      'a.b.c',
      '...',
      `${header}.${payload}`,
      `${header}.${payload}.not-a-signature`,
      `${valid}x`,
      'x'.repeat(10_000),
    ];

    for (const token of garbage) await expectInvalid(issuer.verify(token), 'Invalid token');
  });

  it('should refuse to sign an invalid uid or lifetime', async () => {
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });

    await expect(issuer.sign({ uid: '' })).rejects.toThrow(RangeError);
    await expect(issuer.sign({ uid: 'has space' })).rejects.toThrow(RangeError);
    await expect(issuer.sign({ uid: 'alice' }, 0)).rejects.toThrow(RangeError);
  });
});

describe('createJwksVerifier', () => {
  it('should verify a token signed by a key from the JWKS URL', async () => {
    const key = await createTestKey('RS256');
    const { verifier } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));
    const token = await signWith(key, {
      sub: 'f3b1c2d4',
      preferred_username: 'dupont',
      name: 'Jean Dupont',
      email: 'jean.dupont@univ.test',
      locale: 'en-GB',
    });

    await expect(verifier.verify(token)).resolves.toEqual({
      uid: 'dupont',
      name: 'Jean Dupont',
      email: 'jean.dupont@univ.test',
      locale: 'en',
    });
  });

  it('should reject a token signed by a different key, even with the same kid', async () => {
    const key = await createTestKey('RS256');
    const other = await createTestKey('RS256');
    const sameKid = await createTestKey('RS256', key.kid);
    const { verifier } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));

    await expectInvalid(verifier.verify(await signWith(other, { sub: 'alice' })), 'Invalid token');
    await expectInvalid(verifier.verify(await signWith(sameKid, { sub: 'alice' })), 'Invalid token');
  });

  it('should verify dev tokens through the dev issuer JWKS served over HTTP', async () => {
    const issuer = await createDevTokenIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const { verifier } = await jwksVerifierFor(() => issuer.jwks());

    await expect(verifier.verify(await issuer.sign({ uid: 'alice' }))).resolves.toEqual({
      uid: 'alice',
    });
  });

  it('should reject a token for another audience', async () => {
    const key = await createTestKey('ES256');
    const { verifier } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));

    await expect(verifier.verify(await signWith(key, { sub: 'alice' }))).resolves.toBeDefined();
    await expectInvalid(verifier.verify(await signWith(key, { sub: 'alice' }, { audience: 'other-app' })), 'Invalid token');
  });

  it('should reject a token from another issuer', async () => {
    const key = await createTestKey('ES256');
    const { verifier } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));

    await expectInvalid(verifier.verify(await signWith(key, { sub: 'alice' }, { issuer: 'https://evil.test' })), 'Invalid token');
  });

  it('should reject a token without exp', async () => {
    const key = await createTestKey('ES256');
    const { verifier } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));

    await expectInvalid(verifier.verify(await signWith(key, { sub: 'alice' }, { expiresIn: null })), 'Invalid token');
  });

  it('should reject a token without uid, preferred_username or sub', async () => {
    const key = await createTestKey('ES256');
    const { verifier } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));

    await expectInvalid(verifier.verify(await signWith(key, { name: 'Nobody' })), 'Invalid token');
  });

  it('should reject unusable user ids', async () => {
    const key = await createTestKey('ES256');
    const { verifier } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));
    const bad: unknown[] = ['', 'a'.repeat(65), 'two words', 'tab\there', 'nul\u0000', 42, ['alice']];

    await expect(verifier.verify(await signWith(key, { uid: 'a'.repeat(64) }))).resolves.toEqual({
      uid: 'a'.repeat(64),
    });
    for (const uid of bad) {
      await expectInvalid(verifier.verify(await signWith(key, { uid, sub: 'fallback' })), 'Invalid token');
    }
  });

  it('should take uid before preferred_username before sub, and drop unsupported locales', async () => {
    const key = await createTestKey('ES256');
    const { verifier } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));
    const claims = { uid: 'u1', preferred_username: 'p1', sub: 's1', locale: 'de-DE' };

    await expect(verifier.verify(await signWith(key, claims))).resolves.toEqual({ uid: 'u1' });
    await expect(verifier.verify(await signWith(key, { preferred_username: 'p1', sub: 's1' }))).resolves.toEqual({ uid: 'p1' });
    await expect(verifier.verify(await signWith(key, { sub: 's1' }))).resolves.toEqual({
      uid: 's1',
    });
  });

  it('should fetch the JWKS once and reuse it', async () => {
    const key = await createTestKey('ES256');
    const { verifier, server } = await jwksVerifierFor(() => ({ keys: [key.jwk] }));

    await verifier.verify(await signWith(key, { sub: 'alice' }));
    await verifier.verify(await signWith(key, { sub: 'bob' }));

    expect(server.requests()).toBe(1);
  });

  it('should answer UNAVAILABLE (not an invalid token) when the JWKS cannot be reached', async () => {
    const key = await createTestKey('ES256');
    const server = await startJwksServer(() => ({ keys: [key.jwk] }));
    await server.close();
    const verifier = createJwksVerifier({ jwksUrl: server.url, issuer: ISSUER, audience: AUDIENCE });

    const error = await verifier.verify(await signWith(key, { sub: 'alice' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).extensions).toMatchObject({ code: 'UNAVAILABLE', retryAfter: 30 });
  });

  it('should give up on a hanging JWKS after its timeout, then fail fast without asking it again', async () => {
    const key = await createTestKey('ES256');
    const hanging = await startJwksServer('hang');
    const failures: unknown[] = [];
    const verifier = createJwksVerifier(
      { jwksUrl: hanging.url, issuer: ISSUER, audience: AUDIENCE },
      { timeoutMs: 300, onFailure: (e) => failures.push(e) },
    );
    const token = await signWith(key, { sub: 'alice' });

    let started = performance.now();
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnavailableError);
    // The timeout, plus scheduling slack on a busy machine; without one jose waited 5 s and the old code forever.
    expect(performance.now() - started).toBeLessThan(2000);

    started = performance.now();
    const again = await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token).catch((e: unknown) => e)));
    expect(again.every((e) => e instanceof UnavailableError)).toBe(true);
    expect(performance.now() - started).toBeLessThan(250);
    expect(hanging.requests()).toBe(1);
    expect(failures).toHaveLength(1);
    await hanging.close();
  });

  it('should keep verifying with the cached keys while a refresh fails, and refetch once the delay is over', async () => {
    const key = await createTestKey('ES256');
    let failing = false;
    let clock = 1_000_000;
    const { verifier, server } = await jwksVerifierFor(() => (failing ? { broken: true } : { keys: [key.jwk] }), {}, { now: () => clock });
    await verifier.verify(await signWith(key, { sub: 'alice' }));

    failing = true;
    clock += 11 * 60_000; // past the 10 min max age: a refresh is due, and fails
    await expect(verifier.verify(await signWith(key, { sub: 'alice' }))).resolves.toMatchObject({ uid: 'alice' });
    await expect(verifier.verify(await signWith(key, { sub: 'bob' }))).resolves.toMatchObject({ uid: 'bob' });
    expect(server.requests()).toBe(2);

    failing = false;
    clock += 31_000; // the failure delay is over: one more attempt, which succeeds
    await verifier.verify(await signWith(key, { sub: 'alice' }));
    await verifier.verify(await signWith(key, { sub: 'alice' }));
    expect(server.requests()).toBe(3);
  });

  it('should refetch for an unknown key id at most once per cooldown (rotation works, forged kids cost nothing)', async () => {
    const oldKey = await createTestKey('ES256');
    const newKey = await createTestKey('ES256');
    let published = [oldKey.jwk];
    let clock = 1_000_000;
    const { verifier, server } = await jwksVerifierFor(() => ({ keys: published }), {}, { now: () => clock });
    await verifier.verify(await signWith(oldKey, { sub: 'alice' }));

    const forged = await createTestKey('ES256');
    for (let i = 0; i < 5; i++) await expectInvalid(verifier.verify(await signWith(forged, { sub: 'mallory' })));
    expect(server.requests()).toBe(1);

    published = [oldKey.jwk, newKey.jwk];
    clock += 31_000;
    await expect(verifier.verify(await signWith(newKey, { sub: 'bob' }))).resolves.toMatchObject({ uid: 'bob' });
    expect(server.requests()).toBe(2);
  });
});
