/**
 * Bearer token verification, identical in dev and production: every token goes through
 * `verifyToken` (jose `jwtVerify` + claims mapping). Production keys come from the identity
 * provider's JWKS URL; dev mode signs demo tokens with an in-process key pair exposed as a local JWKS.
 */
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { UnavailableError } from '../errors.js';
import { remoteJwks, type RemoteJwksOptions } from './remote-jwks.js';

/** Claims we use from a verified token. */
export interface TokenClaims {
  uid: string;
  name?: string;
  email?: string;
  locale?: string;
  /** The groups a portal token names (uPortal's `groups` claim). */
  groups?: string[];
  /** eduPersonAffiliation values (AUTH_AFFILIATION_ATTRIBUTE) from CAS or OIDC: student, staff, faculty… */
  affiliations?: string[];
}

/** Verifies bearer tokens: issuer, audience, expiry, algorithm allowlist. */
export interface TokenVerifier {
  verify(token: string): Promise<TokenClaims>;
}

/** Dev mode: an in-process key pair that signs demo tokens and a verifier over the same keys (through a local JWKS, the same jwtVerify path as production). */
export interface DevTokenIssuer extends TokenVerifier {
  sign(claims: TokenClaims, ttlSeconds?: number): Promise<string>;
  jwks(): { keys: object[] };
}

/** Thrown for every verification failure; the message is safe to show (no internals). */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Asymmetric algorithms only: never `none`, never HS* (no key-confusion with a public key as HMAC secret). */
const ALLOWED_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
/** Algorithm of the dev key pair (must be in ALLOWED_ALGORITHMS). */
const DEV_ALGORITHM = 'ES256';
/** Tolerated clock skew between us and the identity provider. */
const CLOCK_TOLERANCE_SECONDS = 30;
/** Default lifetime of a dev token: a working day. */
const DEFAULT_DEV_TTL_SECONDS = 12 * 60 * 60;
/** Anything longer is not a token we issue or accept (cheap rejection before any parsing). */
const MAX_TOKEN_LENGTH = 8192;
/** uid: 1–64 printable characters (letters, digits, punctuation, symbols), no spaces or controls. */
const UID_PATTERN = /^[\p{L}\p{N}\p{P}\p{S}]{1,64}$/u;
/** Display name and email are informative; keep them bounded. */
const MAX_NAME_LENGTH = 200;
const MAX_EMAIL_LENGTH = 254;

// One message for every refusal (docs/api.md, "Who is asking"): a client learns that its token was
// refused, never which check refused it (what kid, issuer or clock an attacker should try next).
const REFUSED = 'Invalid token';
const MESSAGES = {
  invalid: REFUSED,
  expired: REFUSED,
  notYetValid: REFUSED,
  noUid: REFUSED,
  unverifiable: REFUSED,
} as const;

interface VerifyOptions {
  issuer: string;
  audience: string;
}

/** The one verification path, shared by the JWKS and dev verifiers. */
async function verifyToken(token: string, keys: JWTVerifyGetKey, opts: VerifyOptions): Promise<TokenClaims> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new InvalidTokenError(MESSAGES.invalid);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      algorithms: [...ALLOWED_ALGORITHMS],
      issuer: opts.issuer,
      audience: opts.audience,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    // The keys cannot be had (identity provider down): an outage, not the client's fault.
    if (error instanceof UnavailableError) throw error;
    throw toInvalidTokenError(error);
  }
  return mapClaims(payload);
}

/**
 * Until when (ms since the epoch) a token whose `exp` is this is accepted: its expiry plus the clock
 * tolerance of `verifyToken`. The one rule, so a WebSocket keeps a token exactly as long as HTTP takes it.
 */
export function acceptedUntilMs(exp: number): number {
  return (exp + CLOCK_TOLERANCE_SECONDS) * 1000;
}

/** Turns any failure (jose, network, malformed input) into a safe InvalidTokenError; the original stays as `cause` for logs. */
function toInvalidTokenError(error: unknown): InvalidTokenError {
  if (error instanceof InvalidTokenError) return error;
  let message: string = MESSAGES.unverifiable; // key fetching failed (network, timeout, bad JWKS)
  if (error instanceof joseErrors.JWTExpired) message = MESSAGES.expired;
  else if (error instanceof joseErrors.JWTClaimValidationFailed) {
    message = error.claim === 'nbf' && error.reason === 'check_failed' ? MESSAGES.notYetValid : MESSAGES.invalid;
  } else if (
    error instanceof joseErrors.JOSEError &&
    !(error instanceof joseErrors.JWKSTimeout) &&
    !(error instanceof joseErrors.JWKSInvalid)
  ) {
    message = MESSAGES.invalid;
  }
  return new InvalidTokenError(message, { cause: error });
}

/** Maps verified claims to ours: uid ← uid | preferred_username | sub (first present one, which must be valid). */
function mapClaims(payload: JWTPayload): TokenClaims {
  const rawUid = [payload['uid'], payload['preferred_username'], payload.sub].find((value) => value !== undefined && value !== null);
  if (!isValidUid(rawUid)) throw new InvalidTokenError(MESSAGES.noUid);
  const claims: TokenClaims = { uid: rawUid };
  const name = boundedString(payload['name'], MAX_NAME_LENGTH);
  if (name !== undefined) claims.name = name;
  const email = boundedString(payload['email'], MAX_EMAIL_LENGTH);
  if (email !== undefined && email.includes('@')) claims.email = email;
  const locale = normaliseLocale(payload['locale']);
  if (locale !== undefined) claims.locale = locale;
  return claims;
}

export function isValidUid(value: unknown): value is string {
  return typeof value === 'string' && UID_PATTERN.test(value);
}

export function boundedString(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= maxLength ? trimmed : undefined;
}

/** Only the languages we serve: 'fr', 'fr-FR', 'fr_CA'… → 'fr'; 'en', 'en-GB'… → 'en'; anything else dropped. */
function normaliseLocale(value: unknown): 'fr' | 'en' | undefined {
  if (typeof value !== 'string') return undefined;
  const language = /^(fr|en)(?:[-_][a-z0-9_-]*)?$/i.exec(value.trim())?.[1]?.toLowerCase();
  return language === 'fr' || language === 'en' ? language : undefined;
}

/**
 * Production/OIDC: keys fetched from a JWKS URL with a short timeout and cached (see remote-jwks.ts);
 * while the endpoint is down and no keys are known, verification throws UnavailableError (503).
 */
export function createJwksVerifier(
  opts: { jwksUrl: string; issuer: string; audience: string },
  fetching: RemoteJwksOptions = {},
): TokenVerifier {
  const url = new URL(opts.jwksUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('jwksUrl must be an http(s) URL');
  }
  const keys = remoteJwks(url, fetching);
  const verifyOptions: VerifyOptions = { issuer: opts.issuer, audience: opts.audience };
  return { verify: (token) => verifyToken(token, keys, verifyOptions) };
}

/** Dev mode: generates a key pair (private key non-extractable) and verifies through a local JWKS of its public key. */
export async function createDevTokenIssuer(opts: { issuer: string; audience: string }): Promise<DevTokenIssuer> {
  // Public keys are always extractable; the private key never leaves WebCrypto.
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALGORITHM);
  const publicJwk: JWK = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwk: JWK = { ...publicJwk, kid, alg: DEV_ALGORITHM, use: 'sig' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const verifyOptions: VerifyOptions = { issuer: opts.issuer, audience: opts.audience };

  return {
    verify: (token) => verifyToken(token, keys, verifyOptions),

    async sign(claims, ttlSeconds = DEFAULT_DEV_TTL_SECONDS) {
      if (!isValidUid(claims.uid)) throw new RangeError('Invalid uid for a dev token');
      if (!Number.isFinite(ttlSeconds) || ttlSeconds < 1) {
        throw new RangeError('ttlSeconds must be at least 1');
      }
      const payload: JWTPayload = { uid: claims.uid };
      if (claims.name !== undefined) payload['name'] = claims.name;
      if (claims.email !== undefined) payload['email'] = claims.email;
      if (claims.locale !== undefined) payload['locale'] = claims.locale;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(payload)
        .setProtectedHeader({ alg: DEV_ALGORITHM, kid, typ: 'JWT' })
        .setSubject(claims.uid)
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + Math.floor(ttlSeconds))
        .sign(privateKey);
    },

    jwks: () => ({ keys: [{ ...jwk }] }),
  };
}
