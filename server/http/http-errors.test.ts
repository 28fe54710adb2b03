import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DepartmentResolver } from '../catalogue/catalogue.resolver.js';
import { useScene, useTestApp } from '../../test/fixture.js';

interface WireError {
  message: string;
  locations?: unknown;
  path?: unknown;
  extensions?: Record<string, unknown>;
}

interface WireAnswer {
  status: number;
  contentType: string;
  text: string;
  body: { data?: unknown; errors?: WireError[] };
}

/** What must never reach a client: stacks, exception details, SQL, file paths. */
const LEAKS = [/stacktrace/i, /exception/i, /\bselect\b/i, /\bfrom "/i, /\.ts:\d+/, /node_modules/, /\bat [A-Za-z.]+ \(/];

describe('HTTP errors of /graphql', () => {
  const app = useTestApp();
  const scene = useScene(app);
  let token: string;

  beforeAll(async () => {
    token = await app.token(scene.owner.uid);
  });
  afterEach(() => vi.restoreAllMocks());

  async function raw(body: string, headers: Record<string, string> = {}): Promise<WireAnswer> {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body,
    });
    const text = await res.text();
    let body2: WireAnswer['body'] = {};
    try {
      body2 = JSON.parse(text) as WireAnswer['body'];
    } catch {
      // left empty: the assertions on content type and text say what went wrong
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: body2 };
  }

  const query = (q: string, variables?: Record<string, unknown>): Promise<WireAnswer> => raw(JSON.stringify({ query: q, variables }));

  function expectJsonError(answer: WireAnswer, status: number, code: string): WireError {
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    expect(answer.text.trimStart().startsWith('<')).toBe(false);
    expect(answer.text).not.toMatch(/<html|<!doctype/i);
    expect(answer.body.errors?.length).toBeGreaterThanOrEqual(1);
    const error = answer.body.errors![0];
    expect(error.extensions?.code).toBe(code);
    expect(error.extensions).not.toHaveProperty('stacktrace');
    expect(error.extensions).not.toHaveProperty('exception');
    return error;
  }

  it('should answer a malformed JSON body with 400 JSON BAD_USER_INPUT, never HTML', async () => {
    const answer = await raw('{"query": "{ me { uid } }"');
    const error = expectJsonError(answer, 400, 'BAD_USER_INPUT');
    expect(error.message).toBe('Malformed JSON body');
    expect(answer.text).not.toMatch(/SyntaxError|Unexpected|at JSON\.parse/);
  });

  it('should answer a JSON body that is not an object with a 400 JSON BAD_USER_INPUT', async () => {
    const answer = await raw('"just a string"');
    expectJsonError(answer, 400, 'BAD_USER_INPUT');
  });

  it('should answer a request without a query with 400 BAD_USER_INPUT', async () => {
    expectJsonError(await raw('{}'), 400, 'BAD_USER_INPUT');
  });

  it('should answer a GraphQL syntax error with 400 BAD_USER_INPUT', async () => {
    expectJsonError(await query('{ me { uid }'), 400, 'BAD_USER_INPUT');
  });

  it('should answer an unknown field with 400 BAD_USER_INPUT naming the field', async () => {
    const error = expectJsonError(await query('{ me { uid passwordHash } }'), 400, 'BAD_USER_INPUT');
    expect(error.message).toContain('passwordHash');
  });

  it('should answer a variable of the wrong type with 400 BAD_USER_INPUT', async () => {
    expectJsonError(await query('query($id: ID!) { ticket(id: $id) { id } }', { id: { nested: true } }), 400, 'BAD_USER_INPUT');
  });

  it('should answer a variable with more bad values than graphql-js counts with 400 BAD_USER_INPUT only', async () => {
    const answer = await query('query($s: [TicketStatus!]) { tickets(filter: { statuses: $s }) { totalCount } }', {
      s: Array(60).fill(null),
    });
    expectJsonError(answer, 400, 'BAD_USER_INPUT');
    // graphql-js stops at 50 errors with one of its own, which has no code: it is the client's too.
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(Array(51).fill('BAD_USER_INPUT'));
  });

  it('should refuse a query nested deeper than the limit (12) before running it', async () => {
    // ticket → category → parent ×13 → id: 16 levels.
    const deep = `{ ticket(id: "1") { category { ${'parent { '.repeat(13)}id${' }'.repeat(13)} } } }`;
    const error = expectJsonError(await query(deep), 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toBe('Query depth limit of 12 exceeded, found 16.');
  });

  it('should refuse depth hidden in fragments as well', async () => {
    const fragments = Array.from(
      { length: 14 },
      (_, i) => `fragment F${i} on Category { parent { ${i < 13 ? `...F${i + 1}` : 'id'} } }`,
    ).join('\n');
    const error = expectJsonError(await query(`{ categories { ...F0 } }\n${fragments}`), 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toBe('Query depth limit of 12 exceeded, found 16.');
  });

  it('should run a query at the depth limit, fragments counting only the fields they hold', async () => {
    // categories → parent ×10 → id: 12 levels, the last two written as fragments.
    const answer = await query(
      `{ categories { ${'parent { '.repeat(9)}...P${' }'.repeat(9)} } }
      fragment P on Category { parent { ...Id } } fragment Id on Category { id }`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('should answer a body over the limit (2 MiB) with 413 PAYLOAD_TOO_LARGE in JSON', async () => {
    const body = JSON.stringify({ query: '{ me { uid } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const answer = await raw(body);
    expectJsonError(answer, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('should accept a body just under the limit', async () => {
    const padding = 2 * 1024 * 1024 - 200;
    const body = JSON.stringify({ query: '{ me { uid } }', extensions: { pad: 'x'.repeat(padding) } });
    expect(Buffer.byteLength(body)).toBeLessThan(2 * 1024 * 1024);
    const answer = await raw(body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { me: { uid: scene.owner.uid } } });
  });

  it('should turn an unexpected error into a bare INTERNAL_SERVER_ERROR without SQL, stack or exception', async () => {
    const secret = new Error('select password from "app_user" where id = 1 -- at Object.<anonymous> (/work/main/server/secret.ts:12:3)');
    vi.spyOn(DepartmentResolver.prototype, 'departments').mockRejectedValue(secret);
    const answer = await query('{ departments { id } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors).toEqual([
      { message: 'Internal server error', path: ['departments'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    for (const leak of LEAKS) expect(answer.text).not.toMatch(leak);
  });

  it('should not leak a database error either', async () => {
    // A statement that fails inside PostgreSQL (the driver's message quotes the SQL).
    vi.spyOn(DepartmentResolver.prototype, 'departments').mockImplementation(async () => {
      await app.em().execute('select * from "no_such_table_for_this_test"');
      return [];
    });
    const answer = await query('{ departments { id } }');
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(answer.text).not.toContain('no_such_table_for_this_test');
    for (const leak of LEAKS) expect(answer.text).not.toMatch(leak);
  });

  it('should keep our own errors as they are (code, field), without http or stack extensions', async () => {
    const answer = await query('mutation($input: CreateTicketInput!) { createTicket(input: $input) { id } }', {
      input: { categoryId: String(scene.category.id), subject: '', message: '<p>x</p>' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'subject' });
  });

  it('should answer an unknown route with JSON or a plain 404, never a stack', async () => {
    const res = await fetch(`${app.url}/graphql/../nope`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    const text = await res.text();
    expect(res.status).toBeGreaterThanOrEqual(400);
    for (const leak of LEAKS) expect(text).not.toMatch(leak);
  });
});
