import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { UnavailableError } from '../errors.js';

/** How the identity provider's keys are fetched and kept; the defaults suit production. */
export interface RemoteJwksOptions {
  /** A fetch that takes longer is abandoned (the request waiting on it answers 503). */
  timeoutMs?: number;
  /** Keys older than this are fetched again; the old ones keep serving if that fails. */
  maxAgeMs?: number;
  /** After a failed fetch, no new attempt before this delay: requests fail fast instead of each waiting. */
  retryAfterFailureMs?: number;
  /** A token with an unknown key id refetches the set at most this often (key rotation, or a flood of forged kids). */
  unknownKidCooldownMs?: number;
  /** Told of each failed fetch (for the logs: the requests themselves only see UNAVAILABLE). */
  onFailure?: (error: unknown) => void;
  now?: () => number;
}

/** A JWKS larger than this is not a key set. */
const MAX_JWKS_BYTES = 512 * 1024;

/**
 * The identity provider's signing keys for jose's `jwtVerify`: fetched with a short timeout, cached,
 * refreshed in the background of a request, kept when a refresh fails, and never fetched on every
 * request while the endpoint is failing. No keys at all while it fails: UnavailableError (503).
 */
export function remoteJwks(url: URL, options: RemoteJwksOptions = {}): JWTVerifyGetKey {
  const { timeoutMs = 3000, maxAgeMs = 10 * 60_000, retryAfterFailureMs = 30_000, unknownKidCooldownMs = 30_000 } = options;
  const now = options.now ?? Date.now;
  let keys: JWTVerifyGetKey | undefined;
  let fetchedAt = -Infinity;
  let failedAt = -Infinity;
  let inflight: Promise<void> | undefined;

  const unavailable = (): UnavailableError => new UnavailableError(Math.max(1, Math.ceil((failedAt + retryAfterFailureMs - now()) / 1000)));

  /** One fetch at a time; a failure is remembered so the next callers do not wait on the endpoint again. */
  const refresh = (): Promise<void> => {
    if (now() - failedAt < retryAfterFailureMs) return keys ? Promise.resolve() : Promise.reject(unavailable());
    inflight ??= fetchKeySet(url, timeoutMs)
      .then((set) => {
        keys = createLocalJWKSet(set);
        fetchedAt = now();
      })
      .catch((error: unknown) => {
        failedAt = now();
        options.onFailure?.(error);
        if (!keys) throw unavailable();
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  return async (header, token) => {
    if (!keys || now() - fetchedAt > maxAgeMs) await refresh();
    try {
      return await keys!(header, token);
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || now() - fetchedAt < unknownKidCooldownMs) throw error;
      await refresh();
      return keys!(header, token);
    }
  };
}

async function fetchKeySet(url: URL, timeoutMs: number): Promise<JSONWebKeySet> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' });
  if (!response.ok) throw new Error(`JWKS answered HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_JWKS_BYTES) throw new Error('JWKS too large');
  const set: unknown = JSON.parse(text);
  if (typeof set !== 'object' || set === null || !Array.isArray((set as { keys?: unknown }).keys)) throw new Error('JWKS without keys');
  return set as JSONWebKeySet;
}
