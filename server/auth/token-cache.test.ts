import { describe, expect, it } from 'vitest';
import { cachedVerifier } from './token-cache.js';
import { createDevTokenIssuer, InvalidTokenError, type TokenClaims, type TokenVerifier } from './tokens.js';

/** A verifier that counts how often the real one is asked. */
function counting(inner: TokenVerifier): TokenVerifier & { calls: number } {
  const wrapper = {
    calls: 0,
    verify(token: string): Promise<TokenClaims> {
      wrapper.calls++;
      return inner.verify(token);
    },
  };
  return wrapper;
}

describe('verified token cache', () => {
  it('should verify a token once and answer the same claims afterwards', async () => {
    const issuer = await createDevTokenIssuer({ issuer: 'http://test', audience: 'helpdesk' });
    const inner = counting(issuer);
    const verifier = cachedVerifier(inner);
    const token = await issuer.sign({ uid: 'alice', name: 'Alice' });
    expect(await verifier.verify(token)).toEqual(await verifier.verify(token));
    expect(inner.calls).toBe(1);
  });

  it('should never remember a refused token', async () => {
    const issuer = await createDevTokenIssuer({ issuer: 'http://test', audience: 'helpdesk' });
    const inner = counting(issuer);
    const verifier = cachedVerifier(inner);
    const forged = `${(await issuer.sign({ uid: 'alice' })).slice(0, -4)}AAAA`;
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(inner.calls).toBe(2);
  });

  it('should verify again once the remembered token has expired', async () => {
    const issuer = await createDevTokenIssuer({ issuer: 'http://test', audience: 'helpdesk' });
    const inner = counting(issuer);
    const verifier = cachedVerifier(inner);
    const shortLived = await issuer.sign({ uid: 'bob' }, 1);
    await verifier.verify(shortLived);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Past its exp the cache asks the real verifier again (which alone applies its clock tolerance).
    await verifier.verify(shortLived).catch(() => undefined);
    expect(inner.calls).toBe(2);
  });

  it('should forget the oldest token when full', async () => {
    const issuer = await createDevTokenIssuer({ issuer: 'http://test', audience: 'helpdesk' });
    const inner = counting(issuer);
    const verifier = cachedVerifier(inner, 2);
    const [a, b, c] = (await Promise.all(['a', 'b', 'c'].map((uid) => issuer.sign({ uid })))) as [string, string, string];
    for (const token of [a, b, c, c, a]) await verifier.verify(token);
    expect(inner.calls).toBe(4);
  });
});
