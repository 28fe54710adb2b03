import { describe, expect, it } from 'vitest';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { eventually, liveClient } from '../../test/live-client.js';

const TOKEN = 'metrics-token-of-the-live-test-0123456789';

/** `helpdesk_live_subscriptions_<phase>_total` by operation label, as /metrics serves them. */
async function operations(url: string, phase: 'started' | 'ended'): Promise<Record<string, number>> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  const series = new RegExp(`^helpdesk_live_subscriptions_${phase}_total\\{operation="([^"]*)"\\} (\\d+)$`, 'gm');
  return Object.fromEntries([...(await res.text()).matchAll(series)].map(([, operation, n]) => [operation, Number(n)]));
}

/** WebSocket operations in the metrics (issue 23): started and ended by subscription field, never by a name a client chose. */
describe('helpdesk_live_subscriptions_{started,ended}_total', () => {
  const app = useTestApp({ METRICS_TOKEN: TOKEN });
  const s = useScene(app);

  it('should count each subscription field from 0, then operations started, completed by the client and closed with their connection', async () => {
    const zero = { ticketStatusChanged: 0, ticketUpdated: 0 };
    expect(await operations(app.url, 'started')).toEqual(zero);
    expect(await operations(app.url, 'ended')).toEqual(zero);

    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const client = liveClient(app, await app.token(s.owner.uid));
    try {
      // Named as the client likes, aliased, and through a fragment: counted under the schema's field.
      const updated = client.subscribe('subscription Mine($t: ID!) { mine: ticketUpdated(ticketId: $t) { id } }', { t: id });
      client.subscribe('subscription { ...Changes } fragment Changes on Subscription { ticketStatusChanged { to } }');
      client.subscribe('subscription Whatever { ticketStatusChanged { to } }');
      // Refused by its resolver (no such ticket): it never started.
      const refused = client.subscribe('subscription { ticketUpdated(ticketId: "999999999") { id } }');
      await refused.ended;
      await eventually(() => app.live.metrics.subscriptions === 3, 5000, '3 subscriptions');
      expect(await operations(app.url, 'started')).toEqual({ ticketStatusChanged: 2, ticketUpdated: 1 });
      expect(await operations(app.url, 'ended')).toEqual(zero);

      updated.stop();
      await eventually(() => app.live.metrics.subscriptions === 2, 5000, '2 subscriptions');
      expect(await operations(app.url, 'ended')).toEqual({ ticketStatusChanged: 0, ticketUpdated: 1 });
    } finally {
      await client.dispose();
    }
    await eventually(() => app.live.metrics.subscriptions === 0, 5000, 'no subscription');
    await eventually(async () => (await operations(app.url, 'ended')).ticketStatusChanged === 2, 5000, 'both ended');
    expect(await operations(app.url, 'started')).toEqual({ ticketStatusChanged: 2, ticketUpdated: 1 });
    expect(await operations(app.url, 'ended')).toEqual({ ticketStatusChanged: 2, ticketUpdated: 1 });
  });
});
