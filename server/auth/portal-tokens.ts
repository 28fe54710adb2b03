import { jwtVerify, type JWTPayload } from 'jose';
import { boundedString, InvalidTokenError, isValidUid, type TokenClaims, type TokenVerifier } from './tokens.js';

/** Tolerated clock skew between us and the portal (as for the identity provider's tokens). */
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_TOKEN_LENGTH = 8192;
const MAX_GROUPS = 200;

/**
 * The ENT portal's own tokens (uPortal ≥ 5.1, `/api/v5-1/userinfo`; README, "Sign-in"): HS512 with the
 * portal's signature key and no other algorithm, so neither `none`, another HMAC, nor an asymmetric
 * algorithm fed the key as text can pass. The key is read as uPortal's jjwt reads its
 * `org.apereo.portal.soffit.jwt.signatureKey` (`signWith(HS512, String)`: the string in base64).
 * `sub` is the uid; `name`, `email` and `groups` are mapped; `iss` must be PORTAL_JWT_ISSUER when set.
 */
export function createPortalVerifier(opts: { key: string; issuer: string | undefined }): TokenVerifier {
  const secret = portalKeyBytes(opts.key);
  return {
    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('Invalid token');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: ['HS512'],
          ...(opts.issuer === undefined ? {} : { issuer: opts.issuer }),
          requiredClaims: ['exp', 'sub'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }));
      } catch (error) {
        throw new InvalidTokenError('Invalid token', { cause: error });
      }
      return portalClaims(payload);
    },
  };
}

/** The HMAC key bytes of a portal signature key, as jjwt decodes the property (base64). */
export function portalKeyBytes(key: string): Uint8Array {
  return new Uint8Array(Buffer.from(key, 'base64'));
}

function portalClaims(payload: JWTPayload): TokenClaims {
  if (!isValidUid(payload.sub)) throw new InvalidTokenError('Invalid token');
  const claims: TokenClaims = { uid: payload.sub };
  const name = boundedString(payload['name'], 200);
  if (name !== undefined) claims.name = name;
  const email = boundedString(payload['email'], 254);
  if (email !== undefined && email.includes('@')) claims.email = email;
  const groups = payload['groups'];
  if (Array.isArray(groups)) {
    claims.groups = groups.filter((group): group is string => typeof group === 'string' && group.length <= 500).slice(0, MAX_GROUPS);
  }
  return claims;
}
