import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import type { TestApp } from '../../test/harness.js';

const TOKEN = 'metrics-token-of-the-test-0123456789';

async function scrape(app: TestApp): Promise<string> {
  const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one series line (`name{labels} value`), or undefined when the line is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function post(app: TestApp, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${app.url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
}

describe('GET /metrics with METRICS_TOKEN set', () => {
  const app = useTestApp({ METRICS_TOKEN: TOKEN });

  it.each([
    ['no authorization', undefined],
    ['a wrong token', `Bearer ${TOKEN}x`],
    ['a token of the wrong length', 'Bearer short'],
    ['the token without the Bearer scheme', TOKEN],
    ['an empty bearer', 'Bearer '],
  ])('should answer 401 with %s', async (_what, authorization) => {
    const res = await fetch(`${app.url}/metrics`, { headers: authorization === undefined ? {} : { authorization } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const body = await res.text();
    expect(body).toContain('UNAUTHENTICATED');
    expect(body).not.toContain('helpdesk_');
  });

  it('should serve every series of docs/api.md and Node’s default metrics', async () => {
    const text = await scrape(app);
    for (const series of [
      'helpdesk_http_requests_total',
      'helpdesk_http_request_duration_seconds',
      'helpdesk_db_pool_waiting',
      'helpdesk_live_subscribers',
      'helpdesk_mail_queue_depth',
      'helpdesk_mail_failed_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text, series).toContain(`# TYPE ${series} `);
    }
    expect(text).toContain('# TYPE helpdesk_http_request_duration_seconds histogram');
    // Mail is not built yet: both read 0 until the mail room registers its readings.
    expect(sample(text, 'helpdesk_mail_queue_depth')).toBe(0);
    expect(sample(text, 'helpdesk_db_pool_waiting')).toBe(0);
  });

  it('should count a known operation under its name and code, and time it', async () => {
    const token = await app.token('metrics-alice');
    const before = sample(await scrape(app), 'helpdesk_http_requests_total{operation="Me",code="200"}') ?? 0;
    for (let i = 0; i < 3; i++)
      expect((await post(app, { query: 'query Me { me { uid } }', operationName: 'Me' }, token)).status).toBe(200);
    const text = await scrape(app);
    expect(sample(text, 'helpdesk_http_requests_total{operation="Me",code="200"}')).toBe(before + 3);
    expect(sample(text, 'helpdesk_http_request_duration_seconds_count{operation="Me"}')).toBeGreaterThanOrEqual(before + 3);
  });

  it('should count an anonymous operation under its first root field', async () => {
    const token = await app.token('metrics-bob');
    await post(app, { query: '{ categories(filter: "x") { id } }' }, token);
    expect(sample(await scrape(app), 'helpdesk_http_requests_total{operation="categories",code="200"}')).toBeGreaterThanOrEqual(1);
  });

  it('should never make a label of what a client sends: an unknown operation name counts as other', async () => {
    const token = await app.token('metrics-carol');
    const names = ['Evil_1', 'Evil_2', 'me2', 'Me" } 1\nfake_series 9'];
    for (const name of names) {
      const query = name.startsWith('Me"') ? 'query Me { me { uid } }' : `query ${name} { me { uid } }`;
      await post(app, { query, operationName: name }, token);
    }
    // A parse failure and an unauthenticated request never reach a resolved operation.
    await post(app, { query: '{ nope(' }, token);
    await post(app, { query: 'query Me { me { uid } }', operationName: 'Me' }, 'not-a-token');
    const text = await scrape(app);
    for (const name of names) expect(text).not.toContain(name.split('"')[0] === 'Me' ? 'fake_series' : `"${name}"`);
    expect(sample(text, 'helpdesk_http_requests_total{operation="other",code="200"}')).toBeGreaterThanOrEqual(3);
    const operations = new Set([...text.matchAll(/^helpdesk_http_requests_total\{operation="([^"]*)"/gm)].map((m) => m[1]));
    expect([...operations].every((op) => op === 'other' || /^[A-Za-z/][A-Za-z/]*$/.test(op))).toBe(true);
  });

  it('should count other routes by their first path segment only', async () => {
    await fetch(`${app.url}/healthz`);
    await fetch(`${app.url}/files/some-unknown-key-${Date.now()}`);
    await fetch(`${app.url}/random-${Date.now()}`);
    const text = await scrape(app);
    expect(sample(text, 'helpdesk_http_requests_total{operation="/healthz",code="200"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/operation="\/files\/|operation="\/random/);
    expect(sample(text, 'helpdesk_http_requests_total{operation="other",code="404"}')).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  const app = useTestApp();

  it('should not exist', async () => {
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect(app.metrics).toBeUndefined();
  });
});
