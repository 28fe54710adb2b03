import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** The request id of an answer in progress (the one `trackRequests` set on it). */
export function requestIdOf(res: ServerResponse): string {
  const id = res.getHeader('x-request-id');
  return typeof id === 'string' ? id : randomUUID();
}

/**
 * Gives every request an id (the client's X-Request-Id, else a new one), sent back in X-Request-Id,
 * and logs one `request` line when its answer is sent — only when that line would be written at all,
 * so a server logging at `warn` pays for no timer nor listener.
 */
export function trackRequests(logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const header = req.headers['x-request-id'];
    const requestId = (typeof header === 'string' && header.slice(0, 64)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    if (!logger.isLevelEnabled('info')) return;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = (req.url ?? '').split('?')[0];
      logger.info({ requestId, method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
  };
}
