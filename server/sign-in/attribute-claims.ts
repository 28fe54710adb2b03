import { boundedString, isValidUid, type TokenClaims } from '../auth/tokens.js';
import type { SignInConfig } from '../config.js';

/**
 * A person's claims from CAS attributes or OIDC claims, through the AUTH_*_ATTRIBUTE settings (README,
 * "Sign-in"). The uid attribute wins over the protocol's own user name (`cas:user`, `sub`) when present;
 * a multi-valued attribute gives its first value. Undefined when no usable uid is there.
 */
export function claimsFromAttributes(
  attributes: Record<string, unknown>,
  protocolUser: unknown,
  mapping: SignInConfig['attributes'],
): TokenClaims | undefined {
  const uid = first(attributes[mapping.uid]) ?? first(protocolUser);
  if (!isValidUid(uid)) return undefined;
  const claims: TokenClaims = { uid };
  const name = boundedString(first(attributes[mapping.name]), 200);
  if (name !== undefined) claims.name = name;
  const email = boundedString(first(attributes[mapping.mail]), 254);
  if (email !== undefined && email.includes('@')) claims.email = email;
  const affiliations = [attributes[mapping.affiliation]].flat().filter((value): value is string => typeof value === 'string');
  if (affiliations.length > 0) claims.affiliations = affiliations.slice(0, 50);
  return claims;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
