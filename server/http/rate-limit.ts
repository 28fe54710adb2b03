import type { RequestHandler } from 'express';

/**
 * A token bucket per client address: `perMinute` requests a minute with bursts up to that size.
 * Over it, 429 with a RATE_LIMITED GraphQL error, `retryAfter` and a Retry-After header (api.md).
 * Kept in memory: each instance limits what reaches it, which is what protects it.
 */
export function rateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  let sweptAt = now();
  return (req, res, next) => {
    if (perMinute <= 0) {
      next();
      return;
    }
    const t = now();
    if (t - sweptAt > 60_000) {
      // Full buckets carry no information: forget them so the map stays small.
      for (const [key, b] of buckets) if (b.tokens + (t - b.at) * ratePerMs >= perMinute) buckets.delete(key);
      sweptAt = t;
    }
    const key = req.ip ?? 'unknown';
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * ratePerMs);
    bucket.at = t;
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
      buckets.set(key, bucket);
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({ errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED', retryAfter } }] });
      return;
    }
    bucket.tokens -= 1;
    buckets.set(key, bucket);
    next();
  };
}
