/**
 * The WebSocket Origin rule (api.md, "Defaults that clients rely on"): no Origin header is a
 * non-browser client and is accepted; a browser's origin must be the server's own (PUBLIC_URL) or
 * one of ALLOWED_ORIGINS. Browsers send Origin on every WebSocket handshake and page scripts cannot
 * forge it, so this is what stops another site from subscribing with a visitor's cookies.
 */
export function originAllowed(origin: string | undefined, publicUrl: string, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  const asked = originOf(origin);
  if (!asked) return false;
  return [publicUrl, ...allowedOrigins].some((allowed) => originOf(allowed) === asked);
}

// "null" (sandboxed frames, file://) and anything that is not an http(s) origin match nothing.
function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
