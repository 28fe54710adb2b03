import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import { startOidcProvider, type IdTokenTweaks, type OidcProvider } from '../../test/oidc-provider.js';

const PUBLIC_URL = 'http://assistance.test';
const ME = '{ me { uid displayName email } }';

let provider: OidcProvider;
beforeAll(async () => {
  provider = await startOidcProvider({ clientId: 'helpdesk', clientSecret: 'a-client-secret' });
});
afterAll(() => provider.stop());

describe('OIDC code flow with PKCE (real provider stand-in, real PostgreSQL)', () => {
  const app = useTestApp(() => ({
    AUTH_MODE: 'oidc',
    PUBLIC_URL,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_JWKS_URL: provider.jwksUrl,
  }));

  const local = (url: string): string => url.replace(PUBLIC_URL, app.url);
  const cookieOf = (res: Response, name: string): string | undefined =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0];

  /** Our login, the provider's authorize, our callback (with the login cookie, as the browser sends it). */
  async function signIn(tweaks?: IdTokenTweaks, returnTo = '/portlet') {
    const login = await fetch(`${app.url}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const loginCookie = cookieOf(login, 'helpdesk_login')!;
    const authorize = new URL(login.headers.get('location')!);
    provider.tweaks = tweaks;
    const atProvider = await fetch(authorize, { redirect: 'manual' });
    const callback = atProvider.headers.get('location')!;
    const back = await fetch(local(callback), { redirect: 'manual', headers: { cookie: loginCookie } });
    return {
      authorize,
      callback,
      loginCookie,
      status: back.status,
      location: back.headers.get('location'),
      cookie: cookieOf(back, 'helpdesk_session'),
    };
  }

  async function me(cookie: string | undefined): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query: ME }),
    });
    return { status: res.status, body: await res.json() };
  }

  it('should ask for the code with PKCE (S256), state and nonce, then open a session from the ID token', async () => {
    const { authorize, status, location, cookie } = await signIn();
    expect(authorize.origin + authorize.pathname).toBe(`${provider.issuer}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/auth/oidc/callback`);
    for (const name of ['state', 'nonce', 'code_challenge']) expect(authorize.searchParams.get(name)).toMatch(/^[\w-]{20,}$/);
    expect(status).toBe(302);
    expect(location).toBe('/portlet');
    expect(await me(cookie)).toEqual({
      status: 200,
      body: { data: { me: { uid: 'alice', displayName: 'Alice Martin', email: 'alice@univ.example.fr' } } },
    });
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  const badIdTokens: [string, () => IdTokenTweaks][] = [
    ['signed by a key the provider does not publish', () => ({ foreignKey: true })],
    ['unsigned (alg none)', () => ({ unsigned: true })],
    ['for another audience', () => ({ claims: { aud: 'another-client' } })],
    ['from another issuer', () => ({ claims: { iss: 'https://evil.example' } })],
    ['with another nonce', () => ({ claims: { nonce: 'not-the-one-we-sent' } })],
    ['expired', () => ({ claims: { exp: now() - 3600, iat: now() - 7200 } })],
  ];
  for (const [what, tweaks] of badIdTokens) {
    it(`should open no session for an ID token ${what}`, async () => {
      const { status, cookie, location } = await signIn(tweaks());
      expect(status).toBe(401);
      expect(cookie).toBeUndefined();
      expect(location).toBeNull();
    });
  }

  it('should refuse a callback from a browser that did not start the login, and a replayed callback', async () => {
    const login = await fetch(`${app.url}/auth/oidc/login`, { redirect: 'manual' });
    const atProvider = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const callback = local(atProvider.headers.get('location')!);
    const stranger = await fetch(callback, { redirect: 'manual' });
    expect(stranger.status).toBe(400);
    expect(cookieOf(stranger, 'helpdesk_session')).toBeUndefined();
    const loginCookie = cookieOf(login, 'helpdesk_login')!;
    expect((await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } })).status).toBe(302);
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
    expect(replay.status).toBe(400);
    expect(cookieOf(replay, 'helpdesk_session')).toBeUndefined();
  });

  it('should never redirect off site after the callback', async () => {
    const { location } = await signIn(undefined, 'https://evil.example');
    expect(location).toBe('/');
  });
});
