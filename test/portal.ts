import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type JWTPayload } from 'jose';

/** A person signed in to the portal stand-in. */
export interface PortalPerson {
  sub: string;
  name?: string;
  email?: string;
  groups?: string[];
}

/**
 * A small stand-in for the ENT portal (uPortal ≥ 5.1): `/portail/api/v5-1/userinfo` answers the signed-in
 * person's token as text (HS512 with the portal's signature key, as uPortal's jjwt does with
 * `signWith(HS512, key)`: the key string read as base64), to the browser holding the portal's
 * session cookie; a request without it gets 401. CORS lets the page at `pageOrigin` fetch it with
 * credentials, as a same-site ENT does.
 */
export interface Portal {
  /** The portal's origin, and the URL a portlet's `user-info-api-url` names. */
  origin: string;
  userInfoUrl: string;
  /** Signs a person in and gives the value of the portal's session cookie (`JSESSIONID`). */
  signIn(person: PortalPerson): string;
  /** Seconds the next tokens live. */
  ttlSeconds: number;
  /** How many tokens were handed out. */
  issued: number;
  /** Signs a token directly (for tests of what the helpdesk accepts). */
  token(person: PortalPerson, opts?: { ttlSeconds?: number; issuer?: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startPortal(opts: { key: string; issuer?: string; pageOrigin?: string; port?: number }): Promise<Portal> {
  const secret = new Uint8Array(Buffer.from(opts.key, 'base64'));
  const sessions = new Map<string, PortalPerson>();
  const portal: Portal = {
    origin: '',
    userInfoUrl: '',
    ttlSeconds: 300,
    issued: 0,
    signIn(person) {
      const id = randomBytes(12).toString('hex');
      sessions.set(id, person);
      return id;
    },
    async token(person, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: JWTPayload = { ...person };
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS512' })
        .setSubject(person.sub)
        .setIssuedAt(now)
        .setExpirationTime(now + (o.ttlSeconds ?? portal.ttlSeconds));
      const issuer = o.issuer ?? opts.issuer;
      if (issuer) jwt.setIssuer(issuer);
      return jwt.sign(secret);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const cors: Record<string, string> = opts.pageOrigin
      ? { 'access-control-allow-origin': opts.pageOrigin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {};
    const url = new URL(req.url ?? '/', 'http://portal.test');
    // The ENT's sign-in, for browser tests: the person named in the query is signed in with the portal's cookie.
    if (url.pathname === '/portail/Login' && url.searchParams.get('sub')) {
      const id = portal.signIn({
        sub: url.searchParams.get('sub')!,
        name: url.searchParams.get('name') ?? undefined,
        email: url.searchParams.get('email') ?? undefined,
      });
      if (url.searchParams.get('ttl')) portal.ttlSeconds = Number(url.searchParams.get('ttl'));
      res.writeHead(204, { ...cors, 'set-cookie': `JSESSIONID=${id}; Path=/; HttpOnly; SameSite=Lax` }).end();
      return;
    }
    if (url.pathname === '/portail/issued') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ issued: portal.issued }));
      return;
    }
    if (url.pathname !== '/portail/api/v5-1/userinfo') {
      res.writeHead(404, cors).end();
      return;
    }
    const id = /(?:^|;\s*)JSESSIONID=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
    const person = id && sessions.get(id);
    if (!person) {
      res.writeHead(401, cors).end();
      return;
    }
    void portal.token(person).then((token) => {
      portal.issued++;
      res.writeHead(200, { ...cors, 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(token);
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  portal.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  portal.userInfoUrl = `${portal.origin}/portail/api/v5-1/userinfo`;
  return portal;
}
