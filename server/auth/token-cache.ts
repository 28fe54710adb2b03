import { decodeJwt } from 'jose';
import type { TokenClaims, TokenVerifier } from './tokens.js';

/** How many verified tokens one instance remembers (a few MB at most). */
const MAX_ENTRIES = 10_000;

/**
 * Remembers tokens already verified, until their own expiry: a client sends the same token with every
 * request, and checking its signature again each time was a large part of a trivial request's cost.
 * Only successes are kept; a token is never accepted past its `exp`, and the oldest entries go first.
 */
export function cachedVerifier(verifier: TokenVerifier, maxEntries = MAX_ENTRIES): TokenVerifier {
  const verified = new Map<string, { claims: TokenClaims; expiresAtMs: number }>();
  return {
    async verify(token) {
      const hit = verified.get(token);
      if (hit && hit.expiresAtMs > Date.now()) return { ...hit.claims };
      if (hit) verified.delete(token);
      const claims = await verifier.verify(token);
      // The verifier required and checked `exp`; decoding it again only reads the verified payload.
      const { exp } = decodeJwt(token);
      if (typeof exp === 'number') {
        if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
        verified.set(token, { claims, expiresAtMs: exp * 1000 });
      }
      return { ...claims };
    },
  };
}
