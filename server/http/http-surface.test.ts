import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import { type TestApp } from '../../test/harness.js';

/** Sends raw bytes and gives back everything the server answers until it closes the connection. */
function rawExchange(app: TestApp, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(app.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.write(request);
  });
}

function jsonBodyOf(answer: string): { errors: { message: string; extensions: Record<string, unknown> }[] } {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as ReturnType<typeof jsonBodyOf>;
}

describe('HTTP surface with the development defaults', () => {
  const app = useTestApp();

  it.each(['/', '/healthz', '/readyz', '/auth/dev/jwks.json', '/nope'])('should send the security headers on %s', async (path) => {
    const res = await fetch(`${app.url}${path}`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // http://localhost: HSTS would be wrong here.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('should leave the content security policy off /graphql (JSON, and Apollo’s landing page) but keep nosniff', async () => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ me { uid } }"}',
    });
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('should answer an unknown route with a JSON NOT_FOUND', async () => {
    const res = await fetch(`${app.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ message: 'No such route', extensions: { code: 'NOT_FOUND' } }] });
  });

  it('should answer headers over the limit with a JSON 431 PAYLOAD_TOO_LARGE, not an empty page', async () => {
    const answer = await rawExchange(
      app,
      `POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(64 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/json/i);
    expect(jsonBodyOf(answer)).toEqual({ errors: [{ message: 'Request headers too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });

  it('should answer malformed HTTP with a JSON 400', async () => {
    const answer = await rawExchange(app, 'GARBAGE / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(jsonBodyOf(answer).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('should answer GET queries with the CSRF preflight header, refuse them without, and send a request id back', async () => {
    const auth = { authorization: `Bearer ${await app.token('surface-get')}` };
    const url = `${app.url}/graphql?query=${encodeURIComponent('{ me { uid } }')}`;
    const served = await fetch(url, { headers: { ...auth, 'apollo-require-preflight': '1', 'x-request-id': 'req-42' } });
    expect(await served.json()).toEqual({ data: { me: { uid: 'surface-get' } } });
    expect(served.headers.get('x-request-id')).toBe('req-42');
    const refused = await fetch(url, { headers: auth });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should answer the same through express for what the lean path leaves to it (a compressed body, /graphql/)', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await app.token('surface-express')}` };
    const body = gzipSync('{"query":"{ me { uid } }"}');
    const gzipped = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { ...headers, 'content-encoding': 'gzip' }, body });
    expect(await gzipped.json()).toEqual({ data: { me: { uid: 'surface-express' } } });
    const slash = await fetch(`${app.url}/graphql/`, { method: 'POST', headers, body: '{"query":"{ me { uid } }"}' });
    expect(await slash.json()).toEqual({ data: { me: { uid: 'surface-express' } } });
    expect(slash.headers.get('content-security-policy')).toBeNull();
  });

  it('should offer introspection and field suggestions in development', async () => {
    const token = await app.token('surface-dev');
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const schema = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: '{"query":"{ __schema { queryType { name } } }"}' });
    expect(await schema.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const typo = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: '{"query":"{ me { displayNam } }"}' });
    const { errors } = (await typo.json()) as { errors: { message: string }[] };
    expect(errors[0].message).toContain('Did you mean "displayName"?');
  });
});

describe('HTTP surface with the production GraphQL defaults (introspection and suggestions off)', () => {
  const app = useTestApp({ GRAPHQL_INTROSPECTION: 'false', GRAPHQL_FIELD_SUGGESTIONS: 'false' });

  it('should refuse introspection and hide field suggestions', async () => {
    const token = await app.token('surface-prod');
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const schema = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: '{"query":"{ __schema { queryType { name } } }"}' });
    expect(schema.status).toBe(400);
    expect(JSON.stringify(await schema.json())).toMatch(/introspection is not allowed/i);
    const typo = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: '{"query":"{ me { displayNam } }"}' });
    const text = JSON.stringify(await typo.json());
    expect(text).toContain('Cannot query field');
    expect(text).not.toContain('displayName');
  });
});
