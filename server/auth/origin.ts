import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';

/** What the Origin rule reads of an upgrade request (the request itself, or a plain object in tests). */
export interface UpgradeRequest {
  headers: Pick<IncomingMessage['headers'], 'origin' | 'host'>;
  socket: object;
}

/**
 * The WebSocket Origin rule (docs/api.md, "Defaults that clients rely on"): no Origin header is a
 * non-browser client and is accepted; a browser's origin must be the page's own — the scheme and
 * Host the browser reached this server by, whichever name it used (localhost, 127.0.0.1, [::1]…) —
 * or the server's PUBLIC_URL, or one of ALLOWED_ORIGINS. Browsers send Origin and Host on every
 * WebSocket handshake and page scripts cannot forge either, so this is what stops another site
 * from subscribing with a visitor's cookies.
 */
export function originAllowed(req: UpgradeRequest, config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): boolean {
  const { origin } = req.headers;
  if (origin === undefined) return true;
  const asked = originOf(origin);
  if (!asked) return false;
  if (asked === ownOrigin(req, config.publicUrl)) return true;
  return [config.publicUrl, ...config.allowedOrigins].some((allowed) => originOf(allowed) === asked);
}

// The origin of a page served by this server under the name in Host: a page on another port, or
// another scheme, is another origin. Behind a TLS proxy we see plain HTTP: an https PUBLIC_URL says
// our pages are https, so an http page (which a network attacker could forge) is not taken for ours.
// A Host that is not a plain host[:port] matches nothing.
function ownOrigin(req: UpgradeRequest, publicUrl: string): string | undefined {
  const { host } = req.headers;
  if (!host) return undefined;
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  const scheme = encrypted || publicUrl.startsWith('https:') ? 'https' : 'http';
  const url = parse(`${scheme}://${host}`);
  const plain = url && !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash;
  return plain ? url.origin : undefined;
}

// "null" (sandboxed frames, file://) and anything that is not an http(s) origin match nothing.
function originOf(value: string): string | undefined {
  const url = parse(value);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined;
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
