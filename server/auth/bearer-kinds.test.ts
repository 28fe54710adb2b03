import { createHmac } from 'node:crypto';
import { exportSPKI, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import { eventually, liveClient } from '../../test/live-client.js';
import { startOidcProvider, type OidcProvider } from '../../test/oidc-provider.js';
import { startPortal, type Portal } from '../../test/portal.js';

/** The portal's signature key (uPortal's `org.apereo.portal.soffit.jwt.signatureKey`), as base64 text. */
const PORTAL_KEY = Buffer.from('the-portal-signature-key-of-this-test-0123456789').toString('base64');
const PORTAL_ISSUER = 'https://ent.univ.example.fr';
const ME = '{ me { uid displayName email } }';
const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);

let provider: OidcProvider;
let portal: Portal;
beforeAll(async () => {
  provider = await startOidcProvider({ clientId: 'helpdesk' });
  portal = await startPortal({ key: PORTAL_KEY, issuer: PORTAL_ISSUER });
});
afterAll(async () => {
  await provider.stop();
  await portal.stop();
});

// Bearer tokens are taken in every mode: CAS here, with OIDC_ISSUER's tokens and the portal's beside it.
describe('bearer tokens in AUTH_MODE=cas: the identity provider’s JWTs and the ENT portal’s', () => {
  const app = useTestApp(() => ({
    AUTH_MODE: 'cas',
    CAS_URL: 'https://cas.univ.example.fr/cas',
    OIDC_ISSUER: provider.issuer,
    OIDC_AUDIENCE: 'helpdesk',
    OIDC_JWKS_URL: provider.jwksUrl,
    PORTAL_JWT_KEY: PORTAL_KEY,
    PORTAL_JWT_ISSUER: PORTAL_ISSUER,
  }));

  async function me(
    token: string,
  ): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }> {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ME }),
    });
    return { status: res.status, body: (await res.json()) as never };
  }

  /** Every refusal: 401 UNAUTHENTICATED with one and the same message, and no user created. */
  async function expectRefused(token: string, uid: string): Promise<void> {
    const { status, body } = await me(token);
    expect(status).toBe(401);
    expect(body.errors).toEqual([{ message: 'Invalid token', extensions: { code: 'UNAUTHENTICATED' } }]);
    const rows = await app.em().execute<{ n: string }[]>('select count(*)::text as n from app_user where uid = ?', [uid]);
    expect(rows[0].n).toBe('0');
  }

  describe('JWTs of OIDC_ISSUER', () => {
    it('should take a valid one (the baseline of the refusals below)', async () => {
      expect(await me(await provider.sign({ sub: 'jwt-ok', name: 'Jo' }))).toMatchObject({
        status: 200,
        body: { data: { me: { uid: 'jwt-ok' } } },
      });
    });

    it('should refuse alg none', async () => {
      await expectRefused(
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'jwt-none', iss: provider.issuer, aud: 'helpdesk', exp: now() + 300 })}.`,
        'jwt-none',
      );
    });

    it('should refuse HS256 signed with the RSA public key (as PEM text and as JWK JSON)', async () => {
      const pem = await exportSPKI((await importJWK(provider.publicJwk, 'RS256', { extractable: true })) as CryptoKey);
      for (const secret of [pem, JSON.stringify(provider.publicJwk)]) {
        const token = await new SignJWT({ sub: 'jwt-hs256' })
          .setProtectedHeader({ alg: 'HS256', kid: provider.publicJwk.kid })
          .setIssuer(provider.issuer)
          .setAudience('helpdesk')
          .setExpirationTime(now() + 300)
          .sign(new TextEncoder().encode(secret));
        await expectRefused(token, 'jwt-hs256');
      }
    });

    it('should refuse an expired token and one not yet valid (beyond the clock tolerance)', async () => {
      await expectRefused(await provider.sign({ sub: 'jwt-expired' }, { expiresIn: -120 }), 'jwt-expired');
      await expectRefused(await provider.sign({ sub: 'jwt-early' }, { notBefore: 600, expiresIn: 900 }), 'jwt-early');
    });

    it('should refuse a wrong issuer or audience', async () => {
      await expectRefused(await provider.sign({ sub: 'jwt-iss' }, { issuer: 'https://evil.example' }), 'jwt-iss');
      await expectRefused(await provider.sign({ sub: 'jwt-aud' }, { audience: 'another-app' }), 'jwt-aud');
    });

    it('should refuse an unknown kid', async () => {
      await expectRefused(await provider.sign({ sub: 'jwt-kid' }, { kid: 'nobody-knows-this-kid' }), 'jwt-kid');
    });
  });

  describe('the ENT portal’s tokens (uPortal /api/v5-1/userinfo)', () => {
    it('should take the token the portal hands its signed-in person, with sub, name, email mapped', async () => {
      const session = portal.signIn({
        sub: 'portal-ok',
        name: 'Paule Ortal',
        email: 'paule@univ.example.fr',
        groups: ['Everyone', 'Staff'],
      });
      const res = await fetch(portal.userInfoUrl, { headers: { cookie: `JSESSIONID=${session}` } });
      expect(res.status).toBe(200);
      expect(await me(await res.text())).toEqual({
        status: 200,
        body: { data: { me: { uid: 'portal-ok', displayName: 'Paule Ortal', email: 'paule@univ.example.fr' } } },
      });
    });

    it("should sign a WebSocket in with the portal's token in connection_init, and refuse a forged one", async () => {
      const c = liveClient(app, await portal.token({ sub: 'portal-ws' }));
      c.subscribe('subscription { ticketStatusChanged { to } }');
      await eventually(() => app.live.metrics.subscriptions === 1, 5000, 'the subscription');
      await c.dispose();
      const other = new Uint8Array(Buffer.from('another-key-of-the-same-length-0123456789abcdefg'));
      const forged = liveClient(
        app,
        await new SignJWT({ sub: 'portal-ws', exp: now() + 300 }).setProtectedHeader({ alg: 'HS512' }).sign(other),
      );
      const closed = await forged.closed;
      expect(closed.code).toBe(4403);
      await forged.dispose();
    });

    const secret = new Uint8Array(Buffer.from(PORTAL_KEY, 'base64'));
    const claims = (sub: string): Record<string, unknown> => ({ sub, iss: PORTAL_ISSUER, iat: now(), exp: now() + 300 });

    it('should refuse a token signed with another key', async () => {
      const other = new Uint8Array(Buffer.from('another-key-of-the-same-length-0123456789abcdefg'));
      await expectRefused(await new SignJWT(claims('portal-key')).setProtectedHeader({ alg: 'HS512' }).sign(other), 'portal-key');
    });

    it('should refuse the portal key under another algorithm: HS256, none, RS256 with the key as text', async () => {
      await expectRefused(await new SignJWT(claims('portal-hs256')).setProtectedHeader({ alg: 'HS256' }).sign(secret), 'portal-hs256');
      await expectRefused(`${b64({ alg: 'none' })}.${b64(claims('portal-none'))}.`, 'portal-none');
      for (const key of [PORTAL_KEY, secret]) {
        const signingInput = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims('portal-rs256'))}`;
        const signature = createHmac('sha512', key).update(signingInput).digest('base64url');
        await expectRefused(`${signingInput}.${signature}`, 'portal-rs256');
      }
    });

    it('should refuse an expired portal token and one of another issuer', async () => {
      await expectRefused(await portal.token({ sub: 'portal-expired' }, { ttlSeconds: -120 }), 'portal-expired');
      await expectRefused(await portal.token({ sub: 'portal-issuer' }, { issuer: 'https://another-ent.example.fr' }), 'portal-issuer');
    });
  });
});
