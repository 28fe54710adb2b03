import { describe, expect, it } from 'vitest';
import { isMetricsToken, Metrics, registerMailMetrics } from './metrics.js';

describe('Metrics', () => {
  it('should expose the request histogram with cumulative buckets, its sum and count', async () => {
    const metrics = new Metrics(['Me']);
    for (const seconds of [0.001, 0.004, 0.02, 0.3, 20]) metrics.observe('Me', 200, seconds);
    metrics.observe('Me', 400, 0.002);
    const { body } = await metrics.text();
    expect(body).toContain('helpdesk_http_request_duration_seconds_bucket{le="0.005",operation="Me"} 3\n');
    expect(body).toContain('helpdesk_http_request_duration_seconds_bucket{le="0.025",operation="Me"} 4\n');
    expect(body).toContain('helpdesk_http_request_duration_seconds_bucket{le="0.5",operation="Me"} 5\n');
    expect(body).toContain('helpdesk_http_request_duration_seconds_bucket{le="10",operation="Me"} 5\n');
    expect(body).toContain('helpdesk_http_request_duration_seconds_bucket{le="+Inf",operation="Me"} 6\n');
    expect(body).toContain('helpdesk_http_request_duration_seconds_count{operation="Me"} 6\n');
    expect(Number(/helpdesk_http_request_duration_seconds_sum\{operation="Me"\} (\S+)/.exec(body)?.[1])).toBeCloseTo(20.327, 9);
    expect(body).toContain('helpdesk_http_requests_total{operation="Me",code="200"} 5\n');
    expect(body).toContain('helpdesk_http_requests_total{operation="Me",code="400"} 1\n');
  });

  it('should label only known operations, whatever the name', () => {
    const metrics = new Metrics(['Me', 'tickets']);
    expect(['Me', 'tickets', 'me', 'Me ', '', null, undefined, '__proto__', 'constructor'].map((n) => metrics.label(n))).toEqual([
      'Me',
      'tickets',
      'other',
      'other',
      'other',
      'other',
      'other',
      'other',
      'other',
    ]);
  });

  it('should read 0 for mail until the mail room registers its readings, then what they read', async () => {
    const metrics = new Metrics([]);
    expect((await metrics.text()).body).toMatch(/helpdesk_mail_queue_depth 0\n[\s\S]*helpdesk_mail_failed_total 0\n/);
    let failed = 2;
    registerMailMetrics(metrics, { queueDepth: () => Promise.resolve(7), failedTotal: () => failed });
    expect((await metrics.text()).body).toMatch(/helpdesk_mail_queue_depth 7\n[\s\S]*helpdesk_mail_failed_total 2\n/);
    failed = 5;
    expect((await metrics.text()).body).toContain('helpdesk_mail_failed_total 5\n');
    // Metrics off: nothing to register with, and no error.
    registerMailMetrics(undefined, { queueDepth: () => 1, failedTotal: () => 1 });
  });

  it('should label WebSocket operations by the known names only, read from the live room at each scrape', async () => {
    const counts: Record<string, { started: number; ended: number }> = { ticketUpdated: { started: 0, ended: 0 } };
    const metrics = new Metrics(['ticketUpdated'], { liveOperations: () => counts });
    expect((await metrics.text()).body).toContain('helpdesk_live_subscriptions_started_total{operation="ticketUpdated"} 0\n');
    counts.ticketUpdated = { started: 3, ended: 1 };
    counts['made-up'] = { started: 2, ended: 2 };
    const { body } = await metrics.text();
    expect(body).toContain('helpdesk_live_subscriptions_started_total{operation="ticketUpdated"} 3\n');
    expect(body).toContain('helpdesk_live_subscriptions_ended_total{operation="ticketUpdated"} 1\n');
    expect(body).toContain('helpdesk_live_subscriptions_started_total{operation="other"} 2\n');
    expect(body).not.toContain('made-up');
  });

  it('should accept only the exact bearer token', () => {
    const token = 'the-metrics-token-0123';
    expect(isMetricsToken(`Bearer ${token}`, token)).toBe(true);
    for (const header of [
      undefined,
      '',
      token,
      `bearer ${token}`,
      `Bearer ${token} `,
      `Bearer ${token.slice(1)}`,
      'Bearer ',
      `Basic ${token}`,
    ]) {
      expect(isMetricsToken(header, token), String(header)).toBe(false);
    }
  });
});
