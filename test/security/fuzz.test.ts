import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, cloneDatabase, devToken, FAULT_SERVER_ENV } from '../fault/fault-env.js';
import { isRunning, spawnServer, tail, type ServerProcess } from '../processes.js';
import { hostileRequest } from './fuzz-documents.js';
import { hostileMultipart } from './fuzz-multipart.js';

// Property-based fuzzing of what any signed-in client can send to /graphql, against a server in its
// own process: every answer is a JSON answer under 500 with one of docs/api.md's codes ("Errors"), the process never
// dies nor logs an error it did not handle, nor leaves a request hanging, and it still serves an
// ordinary query at the end. A fixed number of runs keeps it to seconds in CI; on failure fast-check
// prints the seed and the smallest failing input.

const RUNS = 250;
// Longer than any answer should take: a request that hangs fails the property.
const ANSWER_WITHIN_MS = 10_000;
const CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'INVALID_TRANSITION',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'GRAPHQL_VALIDATION_FAILED',
]);
// What the server logs when something went wrong that no client should be able to cause.
const ALARMS = /still serving|internal error|"level":(50|60)/;

describe('fuzzing /graphql with hostile requests, against a real server process', () => {
  let database: Awaited<ReturnType<typeof cloneDatabase>>;
  let server: ServerProcess;
  let token: string;
  let ticketId: string;
  let files: string;

  beforeAll(async () => {
    database = await cloneDatabase();
    files = await mkdtemp(join(tmpdir(), 'helpdesk-fuzz-'));
    server = await spawnServer({ ...FAULT_SERVER_ENV, DATABASE_URL: database.url, FILES_DIR: files });
    token = await devToken(server.url, 'alice');
    const categories = await ask(server.url, token, '{ categories { id } }');
    const categoryId = (categories.data as { categories: { id: string }[] }).categories[0].id;
    const created = await ask(server.url, token, 'mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }', {
      i: { categoryId, subject: 'Cible du fuzz', message: '<p>Des fichiers arrivent.</p>' },
    });
    ticketId = (created.data as { createTicket: { id: string } }).createTicket.id;
  });

  afterAll(async () => {
    await server.kill();
    await database.drop();
    await rm(files, { recursive: true, force: true });
  });

  /** An answer a client can rely on: under 500, JSON, and every error with a code of docs/api.md ("Errors"). */
  const expectOrderly = async (res: Response, sent: string): Promise<void> => {
    const text = await res.text();
    const context = `${res.status} ${text.slice(0, 500)}\nfor ${sent.slice(0, 500)}\n${tail(server.output(), 5)}`;
    expect(res.status, context).toBeLessThan(500);
    expect(res.headers.get('content-type'), context).toMatch(/^application\/(graphql-response\+)?json/);
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
    for (const error of body.errors ?? []) expect(CODES.has(String(error.extensions?.code)), context).toBe(true);
  };

  it('should answer every multipart body with an orderly 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileMultipart(ticketId), async ({ contentType, body }) => {
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': contentType, 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` },
          body: new Uint8Array(body),
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
        await expectOrderly(res, `${contentType}\n${body.toString('latin1')}`);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('should answer every GraphQL request with an orderly 2xx or 4xx', async () => {
    const contentType = fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      fc.constantFrom('application/json; charset=utf-16', 'text/plain', 'application/graphql'),
    );
    await fc.assert(
      fc.asyncProperty(hostileRequest, contentType, async ({ method, path, body }, type) => {
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: { 'content-type': type, 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` },
          body,
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
        await expectOrderly(res, `${method} ${path.slice(0, 300)}\n${body ?? ''}`);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('should still be the same process, with nothing alarming logged, and serve an ordinary query', async () => {
    expect(isRunning(server.child), tail(server.output())).toBe(true);
    const alarms = server
      .output()
      .split('\n')
      .filter((line) => ALARMS.test(line));
    expect(alarms).toEqual([]);
    const me = await ask(server.url, token, '{ me { uid } }');
    expect(me.status).toBe(200);
    expect(me.data).toEqual({ me: { uid: 'alice' } });
  });
});
