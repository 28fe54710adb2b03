import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The stable `extensions.code` values of docs/api.md ("Errors"): clients switch on these, never on messages. */
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
  | 'UNAVAILABLE'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL_SERVER_ERROR';

/** The HTTP side of an error: Apollo reads `extensions.http` ({ status, headers as a Map }) the same way. */
export interface HttpHead {
  status: number;
  headers?: Record<string, string>;
}

/** Base of every error we mean to show: its message and extensions are safe for any client. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, http?: number | HttpHead) {
    const head = typeof http === 'number' ? { status: http } : http;
    super(message, {
      extensions: {
        code,
        ...extra,
        ...(head ? { http: { status: head.status, headers: new Map(Object.entries(head.headers ?? {})) } } : {}),
      },
    });
  }
  /** The stable code, for callers that branch on it. */
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
  /** The HTTP status this error answers with outside a GraphQL result (200 when it has none of its own). */
  get httpStatus(): number {
    return (this.extensions.http as { status?: number } | undefined)?.status ?? 200;
  }
  /** Extra HTTP headers it asks for (Retry-After…). */
  get httpHeaders(): Record<string, string> {
    const headers = (this.extensions.http as { headers?: Map<string, string> } | undefined)?.headers;
    return headers ? Object.fromEntries(headers) : {};
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

/** Why a value was refused (`extensions.reason`), stable like the codes, so a client says why in its reader's words. */
export type BadInputReason = 'UNKNOWN_USER' | 'SELF' | 'OWNER' | 'ALREADY_INVITED' | 'PAST_DATE';

/**
 * Bad input; `field` names the argument at fault when there is one, `reason` says why when a client
 * may tell its reader; a whole request that is unusable answers 400.
 */
export class BadInputError extends AppError {
  constructor(message: string, field?: string, httpStatus?: number, reason?: BadInputReason) {
    super('BAD_USER_INPUT', message, { ...(field ? { field } : {}), ...(reason ? { reason } : {}) }, httpStatus);
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

/** A file, or a ticket's files, over a limit: refused in the GraphQL answer, never stored cut short. */
export class FileTooLargeError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('PAYLOAD_TOO_LARGE', message, extra);
  }
}

/** A file whose bytes are not of an allowed type, or not the type its name claims. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('UNSUPPORTED_MEDIA_TYPE', message, extra);
  }
}

/** Too many requests; clients wait `retryAfter` seconds (also sent as a Retry-After header). */
export class RateLimitedError extends AppError {
  constructor(retryAfter: number) {
    super('RATE_LIMITED', 'Too many requests', { retryAfter }, { status: 429, headers: { 'retry-after': String(retryAfter) } });
  }
}

/** Seconds a client waits before retrying when a dependency is down (a PostgreSQL restart takes a few). */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/** A dependency (PostgreSQL, the identity provider's keys) is down: 503, so clients tell an outage from a bug. */
export class UnavailableError extends AppError {
  constructor(retryAfter = UNAVAILABLE_RETRY_SECONDS) {
    super(
      'UNAVAILABLE',
      'The service is temporarily unavailable; try again shortly',
      { retryAfter },
      { status: 503, headers: { 'retry-after': String(retryAfter) } },
    );
  }
}

/** A document over one of the server's limits (size, tokens, depth, aliases, cost, mutations): 400 before any work. */
export class QueryLimitError extends AppError {
  constructor(message: string) {
    super('GRAPHQL_VALIDATION_FAILED', message, {}, 400);
  }
}

/** A request body, file or header block larger than the server accepts. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, httpStatus = 413) {
    super('PAYLOAD_TOO_LARGE', message, {}, httpStatus);
  }
}

/** The 404 of routes that do not exist, in the same JSON shape as every other error. */
export class RouteNotFoundError extends AppError {
  constructor() {
    super('NOT_FOUND', 'No such route', {}, 404);
  }
}

/** What a non-GraphQL route answers when something unexpected broke: no detail at all. */
export class InternalError extends AppError {
  constructor() {
    super('INTERNAL_SERVER_ERROR', 'Internal server error', {}, 500);
  }
}

// Node's network failures and PostgreSQL's "cannot serve you now" states (SQLSTATE class 08:
// connection exception; 57P01-03: shutting down or starting up; 53300: too many connections;
// 57014, 25P03: a statement or an idle transaction past its deadline, see db/deadline.ts).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300|57014|25P03)$/;
// What pg, pg-pool (db/generic-plans.ts) and knex say when a connection dies or the pool cannot get one in time.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|Timeout acquiring a connection|timeout exceeded when trying to connect|not queryable|Client was closed/i;

/** Whether an error means "PostgreSQL (or another dependency) cannot be reached now", looking through causes. */
export function isUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 10) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof UnavailableError) return true;
    const { code, name, message, cause, originalError, errors } = e as Record<string, unknown>;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
    if (name === 'KnexTimeoutError' || name === 'ConnectionException') return true;
    // Messages of GraphQL errors can quote client input: only the drivers' own errors are read.
    if (!(e instanceof GraphQLError) && typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    queue.push(cause, originalError, ...(Array.isArray(errors) ? (errors as unknown[]) : []));
  }
  return false;
}

/** The error to answer with: an outage becomes UNAVAILABLE (503), anything else stays as it is. */
export function asUnavailable(error: unknown): unknown {
  return !(error instanceof UnavailableError) && isUnavailable(error) ? new UnavailableError() : error;
}

/** A non-GraphQL route's answer for one of our errors: the same JSON shape and codes as /graphql. */
export function httpAnswer(error: AppError): {
  status: number;
  headers: Record<string, string>;
  body: { errors: GraphQLFormattedError[] };
} {
  const { http: _h, ...extensions } = error.extensions;
  const status = error.httpStatus === 200 ? 400 : error.httpStatus;
  return { status, headers: error.httpHeaders, body: { errors: [{ message: error.message, extensions }] } };
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
 * The input field a variable-coercion error is about, as docs/api.md promises (`extensions.field`):
 * `Variable "$f" got invalid value "SIZE" at "f.orderBy.field"` names `orderBy.field`, and
 * `… at "input.notifications[1]"` names `notifications`; a whole bad variable names the variable.
 */
export function variableField(message: string): string | undefined {
  const match =
    /^Variable "\$(\w{1,64})" (?:got invalid value .*? at "([\w.[\]]{1,200})";|got invalid value|of (?:required|non-null) type)/s.exec(
      message,
    );
  if (!match) return undefined;
  const inner = (match[2] as string | undefined)
    ?.replace(/\[\d+\]/g, '')
    .split('.')
    .slice(1)
    .join('.');
  return inner || match[1];
}

// graphql-js ends a message with its guesses from the schema: ' Did you mean "search"?', ' Did you
// mean the enum value "FREE"?', ' Did you mean to use an inline fragment on "X"?'; graphql-armor
// masks some of them as ' [Suggestion hidden]?'. Either is cut, so the message reads whole.
const SUGGESTION = / ?(?:Did you mean\b[\s\S]*|\[Suggestion hidden\]\??)$/;

const VARIABLE_ERROR_LIMIT = /^Too many errors processing variables, error limit reached\. Execution aborted\.$/;

/** How the formatter treats messages; the default is production's. */
export interface FormatOptions {
  /** Keep graphql-js's "Did you mean …?" guesses, which name parts of the schema (development only). */
  suggestions?: boolean;
}

/**
 * The one error formatter: keeps our own errors, maps request errors to BAD_USER_INPUT (naming the
 * field when it can), outages to UNAVAILABLE, and turns everything else into a bare
 * INTERNAL_SERVER_ERROR so no internals (SQL, paths, stacks) leak. Unless asked to keep them, the
 * schema's names that graphql-js suggests are cut from every message (validation and variables alike).
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (e: unknown) => void,
  options: FormatOptions = {},
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const { locations, path } = formatted;
  const message = options.suggestions ? formatted.message : formatted.message.replace(SUGGESTION, '');
  if (original instanceof AppError) {
    const { stacktrace: _s, http: _h, ...extensions } = original.extensions;
    return { message, locations, path, extensions };
  }
  // graphql-js gives up on the variables after 50 errors with one more of its own, without a code: the client's too.
  const code = VARIABLE_ERROR_LIMIT.test(message)
    ? 'BAD_USER_INPUT'
    : typeof formatted.extensions?.code === 'string'
      ? formatted.extensions.code
      : '';
  // Apollo's parseOptions.maxTokens stops the parser with a syntax error: it is a limit, say so.
  // (graphql-js 16 writes "more that N tokens").
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? /contains more tha[nt] (\d+) tokens/.exec(message) : null;
  if (tokens) return { message: `The query document has more than ${tokens[1]} tokens`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
  if (CLIENT_CODES.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
    const field = code === 'BAD_USER_INPUT' ? variableField(message) : undefined;
    return { message, locations, path, extensions: field ? { code: 'BAD_USER_INPUT', field } : { code: 'BAD_USER_INPUT' } };
  }
  if (isUnavailable(original)) {
    const { message: text, extensions } = new UnavailableError();
    const { http: _h, ...safe } = extensions;
    return { message: text, path, extensions: safe };
  }
  onInternal(original);
  return { message: 'Internal server error', path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
