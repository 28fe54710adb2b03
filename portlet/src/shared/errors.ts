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

/** Why the server refused a value (`extensions.reason`, docs/api.md "Errors"); each has its words in the catalogues. */
const REASONS = ['UNKNOWN_USER', 'SELF', 'OWNER', 'ALREADY_INVITED', 'PAST_DATE'] as const;
export type Reason = (typeof REASONS)[number];

/** The first error's `extensions.code`, `field` and `reason`, when the server answered with GraphQL errors. */
export function graphqlError(error: unknown): { code?: string; field?: string; reason?: Reason } {
  if (!CombinedGraphQLErrors.is(error)) return {};
  const ext = error.errors[0]?.extensions as { code?: string; field?: string; reason?: Reason } | undefined;
  return { code: ext?.code, field: ext?.field, reason: REASONS.includes(ext?.reason as Reason) ? ext?.reason : undefined };
}

/** A field's problem as a person reads it: its name, then why ("Utilisateur : aucun utilisateur n’a cet identifiant."). */
export const fieldProblem = (name: string, why: string): string => `${name} : ${why.charAt(0).toLowerCase()}${why.slice(1)}`;

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
