import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { Messages } from './fr.js';

/** The kinds of failure a person is told about, each with its own plain words in the catalogues. */
export type ErrorKind =
  | 'notFound'
  | 'network'
  | 'forbidden'
  | 'unauthenticated'
  | 'invalidTransition'
  | 'badInput'
  | 'tooLarge'
  | 'badType'
  | 'rateLimited'
  | 'failed';

const byCode: Record<string, ErrorKind> = {
  NOT_FOUND: 'notFound',
  FORBIDDEN: 'forbidden',
  UNAUTHENTICATED: 'unauthenticated',
  INVALID_TRANSITION: 'invalidTransition',
  BAD_USER_INPUT: 'badInput',
  PAYLOAD_TOO_LARGE: 'tooLarge',
  UNSUPPORTED_MEDIA_TYPE: 'badType',
  RATE_LIMITED: 'rateLimited',
  UNAVAILABLE: 'network',
};

/** The first error's `extensions.code` and `extensions.field`, when the server answered with GraphQL errors. */
export function graphqlError(error: unknown): { code?: string; field?: string } {
  if (!CombinedGraphQLErrors.is(error)) return {};
  const ext = error.errors[0]?.extensions as { code?: string; field?: string } | undefined;
  return { code: ext?.code, field: ext?.field };
}

/** What went wrong, as a person should hear it: the server's code when it answered, else "unreachable". */
export function errorKind(error: unknown): ErrorKind {
  const { code } = graphqlError(error);
  if (code) return byCode[code] ?? 'failed';
  const status = (error as { statusCode?: number } | null)?.statusCode;
  if (status === 413) return 'tooLarge';
  if (status === 429) return 'rateLimited';
  return status && status < 500 ? 'failed' : 'network';
}

/** The plain-words message for an error. */
export function errorText(t: Messages, error: unknown): string {
  return t[errorKind(error)];
}
