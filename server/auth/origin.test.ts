import { describe, expect, it } from 'vitest';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { callAction } from '../../test/actions.js';
import { ok } from '../../test/harness.js';
import WebSocket from 'ws';
import { eventually, liveClient } from '../../test/live-client.js';
import { originAllowed } from './origin.js';
import { compareEventIds, decodeMessage, encodeMessage } from '../live/live-message.js';

const PUBLIC_URL = 'https://assistance.univ.example.fr';
const ALLOWED = ['https://ent.univ.example.fr', 'http://localhost:5173/'];
const CONFIG = { publicUrl: PUBLIC_URL, allowedOrigins: ALLOWED };
/** The names a newcomer's browser may reach the dev server by. */
const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];

describe('originAllowed (the WebSocket upgrade)', () => {
  const cases: [string | undefined, boolean][] = [
    [undefined, true], // no Origin header: not a browser
    ['https://assistance.univ.example.fr', true],
    ['https://ent.univ.example.fr', true],
    ['http://localhost:5173', true],
    ['https://evil.example', false],
    ['http://assistance.univ.example.fr', false], // another scheme is another origin
    ['https://assistance.univ.example.fr:8443', false],
    ['https://ent.univ.example.fr.evil.example', false],
    ['null', false],
    ['', false],
    ['chrome-extension://abcdef', false],
  ];
  for (const [origin, expected] of cases) {
    it(`should ${expected ? 'accept' : 'refuse'} ${JSON.stringify(origin)}`, () => {
      expect(originAllowed({ headers: { origin, host: 'assistance.univ.example.fr' }, socket: {} }, CONFIG)).toBe(expected);
    });
  }

  const dev = { publicUrl: 'http://localhost:4000', allowedOrigins: [] };
  for (const name of LOCAL_NAMES) {
    it(`should accept a page served at http://${name}:4000 opening its own socket, whatever PUBLIC_URL spells`, () => {
      expect(originAllowed({ headers: { origin: `http://${name}:4000`, host: `${name}:4000` }, socket: {} }, dev)).toBe(true);
    });
  }
  it('should refuse a foreign page, another local port or another scheme, whichever local name was used', () => {
    for (const name of LOCAL_NAMES) {
      const host = `${name}:4000`;
      for (const origin of ['https://evil.example', `http://${name}:3000`, `https://${name}:4000`, `http://${name}`]) {
        expect(originAllowed({ headers: { origin, host }, socket: {} }, dev), `${origin} on ${host}`).toBe(false);
      }
    }
  });
  it('should take an https page for its own only on an encrypted connection or behind an https PUBLIC_URL', () => {
    const headers = { origin: 'https://127.0.0.1:4000', host: '127.0.0.1:4000' };
    expect(originAllowed({ headers, socket: { encrypted: true } }, dev)).toBe(true);
    expect(originAllowed({ headers, socket: {} }, dev)).toBe(false);
    // TLS ends at a proxy: the page of another name of ours is https, an http one is not ours.
    const host = 'helpdesk.intra.example.fr';
    expect(originAllowed({ headers: { origin: `https://${host}`, host }, socket: {} }, CONFIG)).toBe(true);
    expect(originAllowed({ headers: { origin: `http://${host}`, host }, socket: {} }, CONFIG)).toBe(false);
  });
  it('should match nothing with a Host that is not a plain host and port', () => {
    for (const host of ['evil.example@127.0.0.1:4000', '127.0.0.1:4000/x', '127.0.0.1:4000?x', '127.0.0.1:4000#x', '']) {
      const origin = `http://${host.replace(/^.*@/, '').replace(/[/?#].*$/, '')}`;
      expect(originAllowed({ headers: { origin, host }, socket: {} }, dev), host).toBe(false);
    }
  });
});

describe('live updates on a page reached by any local name (real server, real sockets)', () => {
  const app = useTestApp({ PUBLIC_URL: 'http://localhost:4000' });
  const s = useScene(app);
  const CHANGES = 'subscription($t: ID) { ticketStatusChanged(ticketId: $t) { to } }';

  // PUBLIC_URL spells localhost, as the dev default does; the page may be opened at another name.

  for (const name of LOCAL_NAMES) {
    it(`should deliver a status change to a page served at ${name}`, async () => {
      const host = `${name}:${app.port}`;
      const id = await fileTicket(app, s.owner.uid, s.category.id);
      const page = liveClient(app, await app.token(s.owner.uid), { host, origin: `http://${host}` });
      try {
        const changes = page.subscribe<{ ticketStatusChanged: { to: string } }>(CHANGES, { t: id });
        await eventually(() => app.live.metrics.subscriptions === 1, 3000, 'the subscription');
        ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: id }, 'id'));
        expect(await changes.waitFor(1)).toEqual([{ ticketStatusChanged: { to: 'IN_PROGRESS' } }]);
      } finally {
        await page.dispose();
        await eventually(() => app.live.metrics.subscriptions === 0, 3000, 'no subscription');
      }
    });
  }

  it('should refuse a foreign origin at the upgrade with 403, whichever local name it came by', async () => {
    const before = app.live.metrics.originRefused;
    for (const name of LOCAL_NAMES) {
      const headers = { host: `${name}:${app.port}`, origin: 'https://evil.example' };
      expect(await upgradeStatus(`${app.url.replace(/^http/, 'ws')}/graphql`, headers), name).toBe(403);
    }
    expect(app.live.metrics.originRefused).toBe(before + LOCAL_NAMES.length);
  });
});

/** The HTTP status of a WebSocket upgrade: 101 when the socket opened, else the refusal's status. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
  return new Promise((resolve, reject) => {
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', reject);
  });
}

describe('bus messages', () => {
  it('should carry ids only, and read back what was written', () => {
    const raw = encodeMessage({ ticketId: 42, eventId: '9007199254740993' });
    expect(raw).toBe('{"ticketId":42,"eventId":"9007199254740993"}');
    expect(decodeMessage(raw)).toEqual({ ticketId: 42, eventId: '9007199254740993' });
  });

  it('should ignore anything else another program may put on the channel', () => {
    for (const raw of [
      '',
      'x',
      'null',
      '[]',
      '{"ticketId":"1","eventId":"2"}',
      '{"ticketId":1,"eventId":2}',
      '{"ticketId":-1,"eventId":"2"}',
      '{"ticketId":1,"eventId":"01"}',
      '{"ticketId":1.5,"eventId":"2"}',
    ]) {
      expect(decodeMessage(raw), raw).toBeUndefined();
    }
  });

  it('should carry a revoked credential by name only, and refuse anything shaped otherwise', () => {
    expect(decodeMessage(encodeMessage({ revoked: 'session:12' }))).toEqual({ revoked: 'session:12' });
    for (const raw of ['{"revoked":12}', '{"revoked":"session:1;drop"}', '{"revoked":""}', `{"revoked":"session:${'1'.repeat(100)}"}`]) {
      expect(decodeMessage(raw), raw).toBeUndefined();
    }
  });

  it('should order entry ids beyond 2^53 exactly', () => {
    expect(compareEventIds('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareEventIds('10', '9')).toBe(1);
    expect(compareEventIds('7', '7')).toBe(0);
  });
});
