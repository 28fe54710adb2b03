import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, cloneDatabase, devToken, FAULT_SERVER_ENV } from '../fault/fault-env.js';
import { isRunning, spawnServer, tail, type ServerProcess } from '../processes.js';

// Multipart bodies the upload parser chokes on, sent to a server in its own process: a crash there
// shows as a dead process (in a test app it would take the test runner down, or go unseen).

describe('uploads the parser cannot read, against a real server process', () => {
  let database: Awaited<ReturnType<typeof cloneDatabase>>;
  let server: ServerProcess;
  let token: string;

  beforeAll(async () => {
    database = await cloneDatabase();
    server = await spawnServer({ ...FAULT_SERVER_ENV, DATABASE_URL: database.url });
    token = await devToken(server.url, 'alice');
  });

  afterAll(async () => {
    await server.kill();
    await database.drop();
  });

  /** POSTs a raw multipart body with the preflight header and reads the status and the error code. */
  const send = async (body: Buffer | string, boundary: string): Promise<{ status: number; code: unknown }> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'apollo-require-preflight': 'true',
        authorization: `Bearer ${token}`,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    const json = (await res.json()) as { errors?: { extensions?: { code?: unknown } }[] };
    return { status: res.status, code: json.errors?.[0]?.extensions?.code };
  };

  /** One part of a body whose boundary is B. */
  const part = (headers: string, value: string): string => `--B\r\n${headers}\r\n\r\n${value}\r\n`;
  /** The `operations` and `map` parts, the map placing one file "0" at `path`. */
  const fields = (query: string, variables: Record<string, unknown>, path: string): string =>
    part('Content-Disposition: form-data; name="operations"', JSON.stringify({ query, variables })) +
    part('Content-Disposition: form-data; name="map"', JSON.stringify({ 0: [path] }));

  /** The server is still there and serves an ordinary query. */
  const expectServing = async (): Promise<void> => {
    expect(isRunning(server.child), tail(server.output())).toBe(true);
    const me = await ask(server.url, token, '{ me { uid } }');
    expect(me.status, tail(server.output())).toBe(200);
    expect(me.data).toEqual({ me: { uid: 'alice' } });
  };

  it('should answer 400 BAD_USER_INPUT to a 25-byte body whose part header is broken, and keep serving', async () => {
    const body = '--B\r\nbroken\r\n\r\nx\r\n--B--\r\n';
    expect(Buffer.byteLength(body)).toBe(25);
    expect(await send(body, 'B')).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    await expectServing();
  });

  it('should answer 400 BAD_USER_INPUT to a file named with 17,000 characters (a part header too long), and keep serving', async () => {
    const operations = JSON.stringify({
      query: 'mutation($id: ID!, $f: [Upload!]!) { attachFiles(ticketId: $id, files: $f) { id } }',
      variables: { id: '1', f: [null] },
    });
    const form = new FormData();
    form.append('operations', operations);
    form.append('map', JSON.stringify({ 0: ['variables.f.0'] }));
    form.append('0', new Blob(['bonjour']), `${'a'.repeat(17_000)}.txt`);
    // Serialised the way a browser's fetch does, boundary included.
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const boundary = /boundary=(.+)$/.exec(request.headers.get('content-type') ?? '')?.[1] ?? '';
    expect(await send(Buffer.from(await request.arrayBuffer()), boundary)).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    await expectServing();
  });

  it('should answer 400 BAD_USER_INPUT to a multipart body with no part at all, and keep serving', async () => {
    expect(await send('--B--\r\n', 'B')).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    await expectServing();
  });

  it('should answer at once a map that puts a file where the operations cannot hold it', async () => {
    const body =
      fields('mutation($f: [Upload!]!) { attachFiles(ticketId: 1, files: $f) { id } }', { f: [null] }, 'variables.f.toString.x') +
      part('Content-Disposition: form-data; name="0"; filename="a.txt"\r\nContent-Type: text/plain', 'a'.repeat(1024 * 1024)) +
      '--B--\r\n';
    const started = Date.now();
    expect(await send(body, 'B')).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect(Date.now() - started).toBeLessThan(5000);
    await expectServing();
  });

  it('should answer 400 BAD_USER_INPUT to a whole request whose form ends inside a file, and keep serving', async () => {
    const body =
      fields('mutation($f: Upload!) { attachFiles(ticketId: 1, files: [$f]) { id } }', { f: null }, 'variables.f') +
      '--B\r\nContent-Disposition: form-data; name="0"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nbonjour, et puis plus rien';
    expect(await send(body, 'B')).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    await expectServing();
  });
});
