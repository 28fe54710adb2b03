import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logoutRequestXml, postLogoutRequest, startCasServer, type CasServer } from '../../test/cas-server.js';
import { useTestApp } from '../../test/fixture.js';
import { startAnotherInstance } from '../../test/harness.js';
import { eventually, liveClient } from '../../test/live-client.js';

/** The name the browser knows the helpdesk by; the tests reach it at app.url and keep paths and queries. */
const PUBLIC_URL = 'http://assistance.test';
const ENT = 'https://ent.univ.example.fr';
const ME = '{ me { uid displayName email } }';

let cas: CasServer;
beforeAll(async () => {
  cas = await startCasServer({
    user: 'alice-cas',
    attributes: { uid: 'alice', displayName: 'Alice Martin', mail: 'alice@univ.example.fr', eduPersonAffiliation: ['staff', 'member'] },
  });
});
afterAll(() => cas.stop());

describe('CAS 3.0 sign-in, sessions and logout (real CAS stand-in, real PostgreSQL)', () => {
  const app = useTestApp(() => ({ AUTH_MODE: 'cas', CAS_URL: cas.url, PUBLIC_URL, ALLOWED_ORIGINS: ENT }));

  /** A URL the server wrote under PUBLIC_URL, as the test reaches it. */
  const local = (url: string): string => url.replace(PUBLIC_URL, app.url);

  /** Follows the browser's path: our login, CAS's login, our callback. */
  async function signIn(
    returnTo = '/portlet',
  ): Promise<{ status: number; location: string | null; cookie: string | undefined; callback: string }> {
    const login = await fetch(`${app.url}/auth/cas/login?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const atCas = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const callback = atCas.headers.get('location')!;
    const back = await fetch(local(callback), { redirect: 'manual' });
    return { status: back.status, location: back.headers.get('location'), cookie: sessionCookie(back), callback };
  }

  function sessionCookie(res: Response): string | undefined {
    const header = res.headers.getSetCookie().find((c) => c.startsWith('helpdesk_session='));
    return header?.split(';')[0];
  }

  /** A GraphQL POST as the portlet sends it with the cookie (JSON: a non-simple content type). */
  async function me(
    cookie: string | undefined,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      body: JSON.stringify({ query: ME }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const ticketOf = (callback: string): string => new URL(callback).searchParams.get('ticket')!;

  it('should send the browser to CAS with our callback as service, then open a session from the validated attributes', async () => {
    const login = await fetch(`${app.url}/auth/cas/login?returnTo=%2Fportlet`, { redirect: 'manual' });
    expect(login.headers.get('location')).toBe(
      `${cas.url}/login?service=${encodeURIComponent(`${PUBLIC_URL}/auth/cas/callback?returnTo=%2Fportlet`)}`,
    );
    const { status, location, cookie } = await signIn('/portlet');
    expect(status).toBe(302);
    expect(location).toBe('/portlet');
    expect(cookie).toMatch(/^helpdesk_session=[A-Za-z0-9_-]{43}$/);
    expect(await me(cookie)).toEqual({
      status: 200,
      body: { data: { me: { uid: 'alice', displayName: 'Alice Martin', email: 'alice@univ.example.fr' } } },
    });
  });

  it('should set the cookie HttpOnly, SameSite=Lax, for SESSION_HOURS, and store only its hash', async () => {
    const login = await fetch(`${app.url}/auth/cas/login`, { redirect: 'manual' });
    const atCas = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const back = await fetch(local(atCas.headers.get('location')!), { redirect: 'manual' });
    const header = back.headers.getSetCookie().find((c) => c.startsWith('helpdesk_session='))!;
    expect(header).toMatch(/; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    const value = header.split(';')[0].split('=')[1];
    const hashed = await app
      .em()
      .execute<{ n: string }[]>(`select count(*)::text as n from auth_session where token_hash = sha256(convert_to(?, 'UTF8'))`, [value]);
    expect(hashed[0].n).toBe('1');
    const plain = await app
      .em()
      .execute<{ n: string }[]>(`select count(*)::text as n from auth_session s where position(? in row_to_json(s)::text) > 0`, [value]);
    expect(plain[0].n).toBe('0');
  });

  it('should refuse a replayed ticket: no second session', async () => {
    const first = await signIn();
    expect(first.cookie).toBeDefined();
    const replay = await fetch(local(first.callback), { redirect: 'manual' });
    expect(replay.status).toBe(401);
    expect(sessionCookie(replay)).toBeUndefined();
    expect(replay.headers.get('location')).toBeNull();
  });

  it('should refuse an invalid ticket, and a callback without a ticket', async () => {
    const forged = await fetch(`${app.url}/auth/cas/callback?returnTo=%2F&ticket=ST-forged-0000`, { redirect: 'manual' });
    expect(forged.status).toBe(401);
    expect(sessionCookie(forged)).toBeUndefined();
    const none = await fetch(`${app.url}/auth/cas/callback?returnTo=%2F`, { redirect: 'manual' });
    expect(none.status).toBe(400);
    expect(sessionCookie(none)).toBeUndefined();
    expect(none.headers.get('location')).toBeNull();
  });

  it('should refuse a ticket issued for another service URL', async () => {
    const ticket = cas.issueTicket('https://other-service.univ.example.fr/callback');
    const res = await fetch(`${app.url}/auth/cas/callback?returnTo=%2F&ticket=${ticket}`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(sessionCookie(res)).toBeUndefined();
    expect(cas.validations.at(-1)).toMatchObject({ ticket, ok: false });
  });

  it('should never redirect off site: returnTo=https://evil.example lands on this server', async () => {
    for (const evil of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      'https://ent.univ.example.fr.evil.example/',
    ]) {
      const login = await fetch(`${app.url}/auth/cas/login?returnTo=${encodeURIComponent(evil)}`, { redirect: 'manual' });
      expect(login.headers.get('location')).toBe(
        `${cas.url}/login?service=${encodeURIComponent(`${PUBLIC_URL}/auth/cas/callback?returnTo=%2F`)}`,
      );
      // Even with the ticket in hand, an edited returnTo changes the service URL: CAS refuses, nothing opens.
      const ticket = cas.issueTicket(`${PUBLIC_URL}/auth/cas/callback?returnTo=%2F`);
      const edited = await fetch(`${app.url}/auth/cas/callback?returnTo=${encodeURIComponent(evil)}&ticket=${ticket}`, {
        redirect: 'manual',
      });
      expect(edited.headers.get('location') ?? '').not.toContain('evil');
    }
    const { location } = await signIn(`${ENT}/f/assistance`);
    expect(location).toBe(`${ENT}/f/assistance`);
  });

  it('should end exactly the session a single logout names, and none for a forged one', async () => {
    const a = await signIn();
    const b = await signIn();
    const forged = await postLogoutRequest(`${app.url}/auth/cas/callback`, 'ST-not-a-ticket-of-anyone');
    expect(forged.status).toBe(200);
    expect((await me(a.cookie)).status).toBe(200);
    expect((await me(b.cookie)).status).toBe(200);
    // The CAS server's own request, naming A's ticket: A ends, B stays.
    const res = await fetch(`${app.url}/auth/cas/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logoutRequest: logoutRequestXml(ticketOf(a.callback)) }).toString(),
    });
    expect(res.status).toBe(200);
    expect((await me(a.cookie)).status).toBe(401);
    expect((await me(b.cookie)).status).toBe(200);
  });

  it('should log out with POST /auth/logout (then to CAS logout), and refuse a foreign page doing it', async () => {
    const { cookie } = await signIn();
    const foreign = await fetch(`${app.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie: cookie!, origin: 'https://evil.example' },
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);
    expect((await me(cookie)).status).toBe(200);
    const out = await fetch(`${app.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie: cookie!, origin: PUBLIC_URL },
      redirect: 'manual',
    });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(`${cas.url}/logout`);
    expect(out.headers.getSetCookie()[0]).toMatch(/^helpdesk_session=; Path=\/; Max-Age=0/);
    expect(await me(cookie)).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
  });

  it('should not let the cookie authenticate a request from a foreign Origin', async () => {
    const { cookie } = await signIn();
    expect((await me(cookie, { origin: ENT })).status).toBe(200);
    expect((await me(cookie, { origin: PUBLIC_URL })).status).toBe(200);
    expect(await me(cookie, { origin: 'https://evil.example' })).toMatchObject({
      status: 401,
      body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
    });
  });

  it('should not let the cookie authenticate a GraphQL GET or POST without a non-simple header', async () => {
    const { cookie } = await signIn();
    const get = await fetch(`${app.url}/graphql?query=${encodeURIComponent(ME)}`, { headers: { cookie: cookie! } });
    expect(get.status).not.toBe(200);
    expect(JSON.stringify(await get.json())).not.toContain('alice');
    const plain = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { cookie: cookie!, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: ME }),
    });
    expect(plain.status).not.toBe(200);
    expect(JSON.stringify(await plain.json())).not.toContain('alice');
    // The same GET with Apollo's preflight header is the portlet's own request: the cookie counts.
    const preflighted = await fetch(`${app.url}/graphql?query=${encodeURIComponent(ME)}`, {
      headers: { cookie: cookie!, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });

  it('should refuse an expired or a revoked session', async () => {
    const expired = await signIn();
    const revoked = await signIn();
    await app
      .em()
      .execute(`update auth_session set expires_at = now() - interval '1 second' where id = (select max(id) - 1 from auth_session)`);
    await app.em().execute(`update auth_session set revoked_at = now() where id = (select max(id) from auth_session)`);
    expect((await me(expired.cookie)).status).toBe(401);
    expect((await me(revoked.cookie)).status).toBe(401);
  });

  it('should clear sessions over for more than a day at the next sign-in', async () => {
    await signIn();
    const [{ id }] = await app.em().execute<{ id: string }[]>(`select max(id)::text as id from auth_session`);
    await app.em().execute(`update auth_session set expires_at = now() - interval '2 days' where id = ?`, [id]);
    await signIn();
    expect(await app.em().execute(`select id from auth_session where id = ?`, [id])).toEqual([]);
  });

  it('should keep sessions across instances (and so across a restart): one opened here is valid on another', async () => {
    const { cookie } = await signIn();
    const other = await startAnotherInstance(app, { AUTH_MODE: 'cas', CAS_URL: cas.url, PUBLIC_URL });
    try {
      const res = await fetch(`${other.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookie! },
        body: JSON.stringify({ query: ME }),
      });
      expect(res.status).toBe(200);
      // A logout on the first instance ends the session on the second at once, and closes its sockets there (the live bus).
      const socket = liveClient(other, null, { cookie: cookie! });
      socket.subscribe('subscription { ticketStatusChanged { to } }');
      await eventually(() => other.live.metrics.subscriptions === 1, 5000, 'the subscription on the other instance');
      await fetch(`${app.url}/auth/logout`, { method: 'POST', headers: { cookie: cookie! }, redirect: 'manual' });
      expect(await socket.closed).toMatchObject({ code: 4403, reason: 'Signed out' });
      await socket.dispose();
      const after = await fetch(`${other.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookie! },
        body: JSON.stringify({ query: ME }),
      });
      expect(after.status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it("should open a WebSocket on the upgrade's cookie, and close it when the session logs out", async () => {
    const { cookie } = await signIn();
    const c = liveClient(app, null, { cookie: cookie!, origin: PUBLIC_URL });
    const sub = c.subscribe('subscription { ticketStatusChanged { to } }');
    await eventually(() => app.live.metrics.subscriptions === 1, 5000, 'the subscription');
    await fetch(`${app.url}/auth/logout`, { method: 'POST', headers: { cookie: cookie! }, redirect: 'manual' });
    expect(await c.closed).toMatchObject({ code: 4403, reason: 'Signed out' });
    expect(sub.errors).toEqual([]);
    await c.dispose();
    // A foreign page's socket never gets as far as the cookie.
    const evil = liveClient(app, null, { cookie: cookie!, origin: 'https://evil.example' });
    expect((await evil.closed).code).not.toBe(1000);
    await evil.dispose();
  });
});
