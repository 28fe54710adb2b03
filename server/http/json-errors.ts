import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, asUnavailable, BadInputError, httpAnswer, InternalError, PayloadTooLargeError, RouteNotFoundError } from '../errors.js';

/** Answers one of our errors outside GraphQL execution: its status, headers and the same JSON shape as /graphql. */
export function sendError(res: ServerResponse, error: AppError): void {
  const { status, headers, body } = httpAnswer(error);
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/** Unknown routes answer JSON NOT_FOUND, never Express's HTML page. */
export const notFound: RequestHandler = (_req, res) => sendError(res, new RouteNotFoundError());

/** Malformed JSON, oversize bodies, outages and anything else that escapes: one of our errors, the unexpected logged and hidden. */
export function errorToAnswer(raw: unknown, logger: Logger): AppError {
  const error = asUnavailable(raw);
  const { type, status } = (error ?? {}) as { type?: string; status?: number };
  if (error instanceof AppError) return error;
  if (type === 'entity.parse.failed') return new BadInputError('Malformed JSON body', undefined, 400);
  if (type === 'entity.too.large') return new PayloadTooLargeError('Request body too large');
  if (status && status >= 400 && status < 500) return new BadInputError('Bad request', undefined, status);
  logger.error({ err: error }, 'unhandled HTTP error');
  return new InternalError();
}

/** Express's last handler: a GraphQL-shaped JSON error, never an HTML page. */
export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (raw: unknown, _req, res, _next) => sendError(res, errorToAnswer(raw, logger));
}
