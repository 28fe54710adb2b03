import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The stable `extensions.code` values of api.md: clients switch on these, never on messages. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'INVALID_TRANSITION'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

/** Base of every error we mean to show: its message and extensions are safe for any client. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, httpStatus?: number) {
    super(message, { extensions: { code, ...extra, ...(httpStatus ? { http: { status: httpStatus } } : {}) } });
  }
  /** The stable code, for callers that branch on it. */
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** No valid identity on the request. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message, {}, 401);
  }
}

/** The viewer can see the thing but may not do this to it. */
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

/** Missing, or hidden from the viewer: both answer the same so nothing leaks. */
export class NotFoundError extends AppError {
  // Never echoes the id, so a hidden thing and a missing one answer byte for byte alike.
  constructor(what: string, _id?: string | number) {
    super('NOT_FOUND', `${what} not found`);
  }
}

/** Bad input; `field` names the argument at fault when there is one. */
export class BadInputError extends AppError {
  constructor(message: string, field?: string) {
    super('BAD_USER_INPUT', message, field ? { field } : {});
  }
}

/** An action the ticket's current status does not allow. */
export class InvalidTransitionError extends AppError {
  constructor(action: string, status: string) {
    super('INVALID_TRANSITION', `Action ${action} is not possible while the ticket is ${status}`, { action, status });
  }
}

/** A concurrent change won; the caller may retry on the fresh state. */
export class ConflictError extends AppError {
  constructor(message = 'The ticket was changed by someone else; reload and try again') {
    super('CONFLICT', message);
  }
}

/** Too big: a file, a request, a ticket's files. What is over a limit is refused, never stored cut short. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}, httpStatus?: number) {
    super('PAYLOAD_TOO_LARGE', message, extra, httpStatus);
  }
}

/** A file whose bytes are not of an allowed type, or not the type its name claims. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('UNSUPPORTED_MEDIA_TYPE', message, extra);
  }
}

/** Too many requests; clients wait `retryAfter` seconds. */
export class RateLimitedError extends AppError {
  constructor(retryAfter: number) {
    super('RATE_LIMITED', 'Too many requests', { retryAfter }, 429);
  }
}

// Apollo's and graphql-js's own codes for requests that never reached a resolver: the client's fault.
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one error formatter: keeps our own errors, maps request errors to BAD_USER_INPUT, and turns
 * everything else into a bare INTERNAL_SERVER_ERROR so no internals (SQL, paths, stacks) leak.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, onInternal: (e: unknown) => void): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const { message, locations, path } = formatted;
  if (original instanceof AppError) {
    const { stacktrace: _s, http: _h, ...extensions } = original.extensions;
    return { message, locations, path, extensions };
  }
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : '';
  if (CLIENT_CODES.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
    return { message, locations, path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  onInternal(original);
  return { message: 'Internal server error', path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
