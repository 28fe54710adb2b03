import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, asUnavailable, BadInputError, httpAnswer, InternalError, PayloadTooLargeError, RouteNotFoundError } from '../errors.js';

/** Answers one of our errors on a non-GraphQL route: its status, headers and the same JSON shape as /graphql. */
export function sendError(res: Response, error: AppError): void {
  const { status, headers, body } = httpAnswer(error);
  res.status(status).set(headers).json(body);
}

/** Unknown routes answer JSON NOT_FOUND, never Express's HTML page. */
export const notFound: RequestHandler = (_req, res) => sendError(res, new RouteNotFoundError());

/** Malformed JSON, oversize bodies, outages and anything else that escapes: a GraphQL-shaped JSON error, never an HTML page. */
export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (raw: unknown, _req, res, _next) => {
    const error = asUnavailable(raw);
    const { type, status } = (error ?? {}) as { type?: string; status?: number };
    if (error instanceof AppError) sendError(res, error);
    else if (type === 'entity.parse.failed') sendError(res, new BadInputError('Malformed JSON body', undefined, 400));
    else if (type === 'entity.too.large') sendError(res, new PayloadTooLargeError('Request body too large'));
    else if (status && status >= 400 && status < 500) sendError(res, new BadInputError('Bad request', undefined, status));
    else {
      logger.error({ err: error }, 'unhandled HTTP error');
      sendError(res, new InternalError());
    }
  };
}
