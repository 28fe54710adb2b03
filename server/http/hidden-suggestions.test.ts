import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { liveClient } from '../../test/live-client.js';
import { DEV_AUDIENCE } from '../main.js';

// graphql-js guesses what a client meant from the schema ("Did you mean the enum value FREE?"): in
// production those guesses would map the schema for anyone, introspection off or not.

describe('"Did you mean" suggestions in production', () => {
  let idp: TestApp;
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    // A dev server plays the identity provider: its key set and tokens are what OIDC mode verifies.
    // Its issuer is its PUBLIC_URL, which the harness leaves at the default for PORT=0.
    idp = await startTestApp();
    app = await startTestApp({
      NODE_ENV: 'production',
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: 'http://localhost:0',
      OIDC_AUDIENCE: DEV_AUDIENCE,
      OIDC_JWKS_URL: `${idp.url}/auth/dev/jwks.json`,
      FILE_URL_SECRET: 'a-long-enough-secret-for-signing-file-links',
      MAILBOX_SECRET: 'a-long-enough-secret-for-the-mailbox-passwords',
    });
    token = await idp.token('prod-user');
  });
  afterAll(async () => {
    await app.stop();
    await idp.stop();
  });

  const post = async (query: string, variables?: Record<string, unknown>): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, text: await res.text() };
  };

  it('should serve a signed-in user (the production set-up works)', async () => {
    expect(await post('{ me { uid } }')).toEqual({ status: 200, text: '{"data":{"me":{"uid":"prod-user"}}}' });
  });

  it.each([
    ['an enum literal', '{ tickets(filter: { statuses: [FRE] }) { totalCount } }', undefined, '"FREE"'],
    ['an enum variable', 'query($s: [TicketStatus!]) { tickets(filter: { statuses: $s }) { totalCount } }', { s: ['FRE'] }, '"FREE"'],
    ['a field', '{ me { displayNam } }', undefined, '"displayName"'],
    ['an input field literal', '{ tickets(filter: { serch: "x" }) { totalCount } }', undefined, '"search"'],
    ['an input field variable', 'query($f: TicketFilter) { tickets(filter: $f) { totalCount } }', { f: { serch: 'x' } }, '"search"'],
    ['an argument', '{ tickets(filtr: {}) { totalCount } }', undefined, '"filter"'],
    ['a type', 'query($f: TicketFiltr) { tickets(filter: $f) { totalCount } }', undefined, '"TicketFilter"'],
  ])('should suggest nothing for a mistyped %s', async (_name, query, variables, hidden) => {
    const { status, text } = await post(query, variables);
    expect(status).toBe(400);
    expect(text).toContain('BAD_USER_INPUT');
    expect(text).not.toMatch(/did you mean|suggestion/i);
    expect(text).not.toContain(hidden);
  });

  it('should suggest nothing over WebSocket either', async () => {
    const live = liveClient(app, token);
    try {
      const received = live.subscribe('subscription($t: ID) { ticketStatusChanged(ticketId: $t) { too } }', { t: '1' });
      await received.ended;
      const text = JSON.stringify(received.errors);
      expect(text).toContain('Cannot query field');
      expect(text).not.toMatch(/did you mean/i);
      expect(text).not.toContain('"to"');
    } finally {
      await live.dispose();
    }
  });
});
