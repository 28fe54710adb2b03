import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callAction } from '../../test/actions.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { eventually, liveClient } from '../../test/live-client.js';

const QUEUE_LIMIT = 3;
const HEAVY = 'subscription($t: ID!) { ticketUpdated(ticketId: $t) { history { message } } }';
const LIGHT = 'subscription($t: ID!) { ticketUpdated(ticketId: $t) { status history { id } } }';

describe('a client that never reads its socket', () => {
  const app = useTestApp({ LIVE_QUEUE_LIMIT: String(QUEUE_LIMIT) });
  const s = useScene(app);

  it('should be cut off once it falls behind, with its queue bounded, while the others get every event', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    // The stalled client: ten subscriptions to a ticket whose history grows by ~90 kB a comment.
    const stalled = new WebSocket(`${app.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const cut = new Promise<number>((resolve) => stalled.on('close', (code) => resolve(code)));
    stalled.on('error', () => {});
    await new Promise((resolve) => stalled.once('open', resolve));
    stalled.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await app.token(s.owner.uid)}` } }));
    await new Promise((resolve) => stalled.once('message', resolve));
    for (let n = 1; n <= 10; n++)
      stalled.send(JSON.stringify({ type: 'subscribe', id: String(n), payload: { query: HEAVY, variables: { t: id } } }));
    const healthy = liveClient(app, await app.token(s.manager.uid));
    const light = healthy.subscribe<{ ticketUpdated: { status: string } }>(LIGHT, { t: id });
    await eventually(() => app.live.metrics.subscriptions === 11);
    // From now on it reads nothing: the kernel's buffers fill, then the server's sends wait forever.
    (stalled as unknown as { _socket: net.Socket })._socket.pause();

    const big = `<p>${'Un long message qui remplit les tampons. '.repeat(2200)}</p>`;
    const comments = 12;
    for (let n = 0; n < comments; n++) ok(await callAction(app, s.manager.uid, 'addComment', { ticketId: id, message: big }, 'id'));

    // The healthy subscriber got every event; the stalled one was terminated (no close frame: it does not read).
    expect(await light.waitFor(comments, 10_000)).toHaveLength(comments);
    expect(app.live.metrics.slowConsumersClosed).toBe(1);
    // Once it reads again it finds the connection gone, without a close frame.
    (stalled as unknown as { _socket: net.Socket })._socket.resume();
    expect(await cut).toBe(1006);
    expect(app.live.metrics.maxQueued).toBeLessThanOrEqual(QUEUE_LIMIT);
    await eventually(() => app.live.metrics.subscriptions === 1, 5000, 'the stalled subscriptions to be gone');
    await healthy.dispose();
  });
});
