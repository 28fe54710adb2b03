import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createDevTokenIssuer } from '../auth/tokens.js';
import { DEV_AUDIENCE } from '../main.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { eventually, liveClient, rawSocket, settle, type RawSocket } from '../../test/live-client.js';

const PUBLIC_URL = 'https://assistance.univ.example.fr';
const ENT = 'https://ent.univ.example.fr';
const SUBSCRIBE = 'subscription($t: ID) { ticketStatusChanged(ticketId: $t) { to } }';

describe('WebSocket connections: origin, identity, protocol', () => {
  const app = useTestApp({ PUBLIC_URL, ALLOWED_ORIGINS: ENT });
  const s = useScene(app);

  const raw = (headers: Record<string, string> = {}, path = '/graphql'): RawSocket => rawSocket(app, headers, path);

  describe('identity on connect', () => {
    const refused = async (authorization: string | undefined): Promise<void> => {
      const before = app.live.metrics.authRefused;
      const r = raw();
      r.send({ type: 'connection_init', payload: authorization === undefined ? {} : { authorization } });
      expect(await r.outcome).toEqual({ code: 4403, reason: 'Forbidden' });
      expect(r.messages).toEqual([]);
      expect(app.live.metrics.authRefused).toBe(before + 1);
    };

    it('should close a connection without a token with 4403, and send nothing', () => refused(undefined));
    it('should close a connection with a malformed token with 4403', () => refused('Bearer not.a.jwt'));
    it('should close a connection with a token signed by another key with 4403', async () => {
      const forger = await createDevTokenIssuer({ issuer: PUBLIC_URL, audience: DEV_AUDIENCE });
      await refused(`Bearer ${await forger.sign({ uid: s.owner.uid })}`);
    });
    it('should close a connection that subscribes before connection_init with 4401', async () => {
      const r = raw();
      r.send({ type: 'subscribe', id: '1', payload: { query: SUBSCRIBE } });
      expect(await r.outcome).toEqual({ code: 4401, reason: 'Unauthorized' });
      expect(r.messages).toEqual([]);
    });

    /** A dev token whose `exp` passed `seconds` ago (signed with the clock turned back). */
    const expiredSince = async (uid: string, seconds: number): Promise<string> => {
      const now = Date.now();
      vi.spyOn(Date, 'now').mockReturnValue(now - (seconds + 1) * 1000);
      try {
        return await app.devIssuer!.sign({ uid }, 1);
      } finally {
        vi.restoreAllMocks();
      }
    };

    it('should accept and keep a token 10 s past its expiry, as HTTP does (the same clock tolerance)', async () => {
      const token = await expiredSince(s.owner.uid, 10);
      const http = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { user { uid } } }' }),
      });
      expect(await http.json()).toEqual({ data: { viewer: { user: { uid: s.owner.uid } } } });
      const c = liveClient(app, token);
      let closed: unknown;
      void c.closed.then((event) => (closed = event));
      const sub = c.subscribe(SUBSCRIBE, {});
      await eventually(() => app.live.metrics.subscriptions === 1);
      await settle(1500);
      expect(closed).toBeUndefined();
      expect(sub.errors).toEqual([]);
      await c.dispose();
    });

    it('should close a connection with 4403 when its token leaves the clock tolerance, and the subscription with it', async () => {
      const id = await fileTicket(app, s.owner.uid, s.category.id);
      // 26 s past exp: accepted for about 4 s more (whole seconds), long enough to subscribe on a loaded machine.
      const c = liveClient(app, await expiredSince(s.owner.uid, 26));
      const sub = c.subscribe(SUBSCRIBE, { t: id });
      await eventually(() => app.live.metrics.subscriptions === 1);
      expect(await c.closed).toMatchObject({ code: 4403, reason: 'Token expired' });
      await eventually(() => app.live.metrics.subscriptions === 0, 3000, 'the subscription to end');
      expect(sub.data).toEqual([]);
      await c.dispose();
    });
  });

  describe('origin at the upgrade', () => {
    const connects = async (headers: Record<string, string>): Promise<void> => {
      const r = raw(headers);
      r.send({ type: 'connection_init', payload: { authorization: `Bearer ${await app.token(s.owner.uid)}` } });
      await r.acked();
      r.socket.close();
    };

    it('should refuse a foreign browser origin with 403 before any WebSocket exists', async () => {
      const before = app.live.metrics.originRefused;
      for (const origin of ['https://evil.example', 'null', 'http://assistance.univ.example.fr']) {
        expect(await raw({ origin }).outcome, origin).toEqual({ status: 403 });
      }
      expect(app.live.metrics.originRefused).toBe(before + 3);
    });
    it('should accept a client without Origin (not a browser)', () => connects({}));
    it("should accept the server's own origin (PUBLIC_URL)", () => connects({ origin: PUBLIC_URL }));
    it('should accept an origin of ALLOWED_ORIGINS', () => connects({ origin: ENT }));
    it('should refuse an upgrade on another path with 404', async () => {
      expect(await raw({}, '/elsewhere').outcome).toEqual({ status: 404 });
    });
    it('should close a client that does not speak graphql-transport-ws with 4406', async () => {
      const socket = new WebSocket(`${app.url.replace('http', 'ws')}/graphql`);
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      expect(await closed).toBe(4406);
    });
  });

  describe('operations', () => {
    const errorsOf = async (query: string, variables: Record<string, unknown> = {}): Promise<unknown[]> => {
      const c = liveClient(app, await app.token(s.owner.uid));
      const sub = c.subscribe(query, variables);
      await sub.ended;
      await c.dispose();
      return sub.errors;
    };

    it('should serve only subscriptions: a query or a mutation is refused with BAD_USER_INPUT', async () => {
      for (const query of ['{ me { uid } }', 'mutation { watchTicket(ticketId: "1") { id } }']) {
        expect(await errorsOf(query)).toEqual([
          {
            message: 'Only subscriptions are served over WebSocket; send queries and mutations over HTTP',
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ]);
      }
    });

    it('should refuse invalid documents with BAD_USER_INPUT and overly deep ones at the depth limit, with no internals', async () => {
      const [invalid] = (await errorsOf('subscription { ticketStatusChanged { nope } }')) as { extensions: unknown }[];
      expect(invalid.extensions).toEqual({ code: 'BAD_USER_INPUT' });
      const deep = `subscription { ticketStatusChanged { ticket { ${'ownerRecentTickets { '.repeat(12)} id ${'} '.repeat(12)} } } }`;
      expect(JSON.stringify(await errorsOf(deep))).toMatch(/depth limit of \d+ exceeded/i);
      expect(await errorsOf('subscription {')).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
    });

    it('should refuse a subscription sent over HTTP, without an internal error', async () => {
      const result = await app.gql(s.owner.uid, SUBSCRIBE, {});
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
