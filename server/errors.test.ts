import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { asUnavailable, formatError, isUnavailable, RateLimitedError, UnavailableError, variableField } from './errors.js';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('isUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['PostgreSQL shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['PostgreSQL starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['a statement past statement_timeout (57014)', withCode('57014', 'canceling statement due to statement timeout')],
    ['a transaction idle past its timeout (25P03)', withCode('25P03')],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    [
      'knex waiting for the pool',
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
    ],
    ['a cause two levels down', new Error('query failed', { cause: new Error('wrapped', { cause: withCode('ECONNREFUSED') }) })],
    ['one of an AggregateError’s errors (IPv4 and IPv6 both refused)', new AggregateError([withCode('ECONNREFUSED')], 'connect failed')],
    ['a GraphQL error wrapping one', new GraphQLError('x', { originalError: withCode('ECONNREFUSED') })],
  ])('should recognise %s', (_label, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['client input quoted in a GraphQL error', new GraphQLError('Variable "$s" got invalid value "Connection terminated"')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('should not take %s for an outage', (_label, error) => {
    expect(isUnavailable(error)).toBe(false);
  });

  it('should stop on a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(isUnavailable(a)).toBe(false);
  });
});

describe('asUnavailable', () => {
  it('should turn an outage into a 503 with Retry-After and leave other errors alone', () => {
    const error = asUnavailable(withCode('ECONNREFUSED'));
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).httpStatus).toBe(503);
    expect((error as UnavailableError).httpHeaders).toEqual({ 'retry-after': '5' });
    const bug = new TypeError('bug');
    expect(asUnavailable(bug)).toBe(bug);
  });
});

describe('formatError', () => {
  const internal: unknown[] = [];
  const format = (error: unknown, formatted = { message: 'raw', extensions: { code: 'INTERNAL_SERVER_ERROR' } }): unknown =>
    formatError(formatted, error, (e) => internal.push(e));

  it('should answer UNAVAILABLE, without internals, for a resolver that lost PostgreSQL', () => {
    const answer = format(new GraphQLError('connect ECONNREFUSED 127.0.0.1:5432', { originalError: withCode('ECONNREFUSED') }));
    expect(answer).toEqual({
      message: 'The service is temporarily unavailable; try again shortly',
      path: undefined,
      extensions: { code: 'UNAVAILABLE', retryAfter: 5 },
    });
    expect(internal).toEqual([]);
  });

  it('should call the token limit what it is', () => {
    const formatted = {
      message: 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    };
    expect(format(new GraphQLError(formatted.message), formatted)).toEqual({
      message: 'The query document has more than 2000 tokens',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('should keep our own errors and drop their HTTP part', () => {
    expect(format(new RateLimitedError(7), { message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } })).toEqual({
      message: 'Too many requests',
      extensions: { code: 'RATE_LIMITED', retryAfter: 7 },
    });
  });

  it('should cut the schema names graphql-js suggests, unless asked to keep them (development)', () => {
    const message =
      'Variable "$s" got invalid value "FRE" at "s[0]"; Value "FRE" does not exist in "TicketStatus" enum. Did you mean the enum value "FREE"?';
    const formatted = { message, extensions: { code: 'BAD_USER_INPUT' } };
    const cut = 'Variable "$s" got invalid value "FRE" at "s[0]"; Value "FRE" does not exist in "TicketStatus" enum.';
    expect(format(new GraphQLError(message), formatted)).toEqual({ message: cut, extensions: { code: 'BAD_USER_INPUT', field: 's' } });
    expect(formatError(formatted, new GraphQLError(message), () => undefined, { suggestions: true })).toMatchObject({ message });
    const masked = { message: 'Unknown type "TicketFiltr". [Suggestion hidden]?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(format(new GraphQLError(masked.message), masked)).toMatchObject({ message: 'Unknown type "TicketFiltr".' });
  });
});

describe('variableField', () => {
  it.each([
    [
      'an enum deep in an input',
      'Variable "$f" got invalid value "SIZE" at "f.orderBy.field"; Value "SIZE" does not exist in "TicketOrderField" enum.',
      'orderBy.field',
    ],
    [
      'an item of a list',
      'Variable "$input" got invalid value "NOPE" at "input.notifications[1]"; Value "NOPE" does not exist in "TicketEventType" enum.',
      'notifications',
    ],
    ['a whole variable', 'Variable "$first" got invalid value "x"; Int cannot represent non-integer value: "x"', 'first'],
    ['a missing variable', 'Variable "$id" of required type "ID!" was not provided.', 'id'],
  ])('should name the field of %s', (_label, message, field) => {
    expect(variableField(message)).toBe(field);
  });

  it('should name nothing for other errors', () => {
    expect(variableField('Cannot query field "nope" on type "Query".')).toBeUndefined();
  });
});
