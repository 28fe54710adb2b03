import type { Config } from '../config.js';

/** Where a sign-in lands when it was given no place (or one refused). */
export const DEFAULT_RETURN_TO = '/';
/** Longer is not a place of ours. */
const MAX_LENGTH = 2000;

/**
 * Where a sign-in may send the browser back to (docs/api.md, "Who is asking"): a path of this
 * server, or a URL under PUBLIC_URL or one of ALLOWED_ORIGINS (the ENT's page holding the portlet).
 * Anything else — another site, `//evil.example`, `/\evil.example`, a `javascript:` URL — lands on
 * DEFAULT_RETURN_TO instead: never a redirect off site.
 */
export function safeReturnTo(raw: unknown, config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return DEFAULT_RETURN_TO;
  // Browsers read a backslash as a slash and drop tabs and newlines: "/\evil.example" is "//evil.example".
  if (/[\\\s]/.test(raw) || Array.from(raw, (c) => c.charCodeAt(0)).some((code) => code < 0x20 || code === 0x7f)) return DEFAULT_RETURN_TO;
  if (raw.startsWith('/')) return raw.startsWith('//') ? DEFAULT_RETURN_TO : raw;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return DEFAULT_RETURN_TO;
  if (url.username || url.password) return DEFAULT_RETURN_TO;
  const allowed = [config.publicUrl, ...config.allowedOrigins].some((origin) => originOf(origin) === url.origin);
  return allowed ? url.toString() : DEFAULT_RETURN_TO;
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}
