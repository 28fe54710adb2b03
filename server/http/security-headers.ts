import type { RequestHandler } from 'express';

// Our pages are plain HTML with scripts and styles from this server only; nothing may frame them.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The browser protections of every route but /graphql (whose answers are JSON, and whose landing page
 * is Apollo's): a strict content security policy, no sniffing, no framing, no referrer; HSTS over https.
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const headers: Record<string, string> = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(publicUrl.startsWith('https:') ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  return (req, res, next) => {
    if (req.path === '/graphql' || req.path.startsWith('/graphql/')) res.setHeader('X-Content-Type-Options', 'nosniff');
    else res.set(headers);
    next();
  };
}
