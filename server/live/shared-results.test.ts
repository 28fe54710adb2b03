import { afterAll, describe, expect, it } from 'vitest';
import { callAction } from '../../test/actions.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { eventually, liveClient, type LiveClient } from '../../test/live-client.js';

const selection = '($t: ID) { ticketStatusChanged(ticketId: $t) { to ticket { id subject status } } }';
type Change = { ticketStatusChanged: { to: string; ticket: { id: string; subject: string; status: string } } };

describe('shared executions of live payloads', () => {
  const app = useTestApp();
  const s = useScene(app);
  const clients: LiveClient[] = [];

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
  });

  // Issue 15: twenty subscriptions, each under a name of its own, each bought an execution per event.
  it('should execute a document once per event and standing, whatever each subscriber named its operation', async () => {
    const received = app.live.metrics.eventsReceived;
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    // The filing's own event is published after its commit: let it pass before subscribing.
    await eventually(() => app.live.metrics.eventsReceived > received, 5000, 'the filing event');
    const names = ['Queue', 'Renamed', 'AnotherName', ''];
    const subs = await Promise.all(
      names.map(async (name, i) => {
        const client = liveClient(app, await app.token(i % 2 ? s.manager.uid : s.manager2.uid));
        clients.push(client);
        return client.subscribe<Change>(`subscription ${name}${selection}`, { t: id });
      }),
    );
    await eventually(() => app.live.metrics.subscriptions === names.length, 3000, 'the subscriptions');
    const before = app.live.metrics.executions;
    ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: id }, 'id'));
    for (const sub of subs) expect((await sub.waitFor(1))[0].ticketStatusChanged).toMatchObject({ to: 'IN_PROGRESS', ticket: { id } });
    // Two managers of the department: one standing, one event, one execution for four payloads.
    expect(app.live.metrics.executions - before).toBe(1);
  });
});
