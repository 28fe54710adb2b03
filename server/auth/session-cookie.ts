import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import { originAllowed } from './origin.js';
import { SESSION_COOKIE } from './sessions.js';

/** The value of the session cookie in a Cookie header (the first one of that name). */
export function sessionCookieValue(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

// Apollo's CSRF prevention: a request is "preflighted" (a foreign page cannot send it without CORS) when it
// carries one of these headers, or a content type other than the three a plain HTML form can send.
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];
const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

function preflighted(req: Pick<IncomingMessage, 'headers'>): boolean {
  if (PREFLIGHT_HEADERS.some((name) => req.headers[name] !== undefined)) return true;
  const type = req.headers['content-type'];
  if (type === undefined) return false;
  const essence = type.split(';')[0].trim().toLowerCase();
  return !SIMPLE_TYPES.includes(essence);
}

/**
 * The session cookie of a request, when it may authenticate it (docs/api.md, "Who is asking"): never
 * from a foreign `Origin` (not this server's own, not PUBLIC_URL, not in ALLOWED_ORIGINS), and for
 * GraphQL over HTTP only on a request no plain form or link could send (a non-simple header, as
 * Apollo's CSRF prevention asks). The browser attaches cookies to requests another site starts: this
 * is what keeps those from acting as the visitor.
 */
export function sessionTokenOf(
  req: Pick<IncomingMessage, 'headers' | 'socket'>,
  config: Pick<Config, 'publicUrl' | 'allowedOrigins'>,
  graphql: boolean,
): string | undefined {
  const token = sessionCookieValue(req.headers.cookie);
  if (token === undefined) return undefined;
  if (!originAllowed(req, config)) return undefined;
  if (graphql && !preflighted(req)) return undefined;
  return token;
}
