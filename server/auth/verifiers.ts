import { decodeProtectedHeader } from 'jose';
import { InvalidTokenError, type TokenVerifier } from './tokens.js';

/**
 * Bearer tokens of every kind this server takes, whatever AUTH_MODE (docs/api.md, "Who is
 * asking"): the portal's (HS512, the only symmetric one) go to the portal's verifier, every other to
 * the asymmetric verifiers (dev, OIDC_ISSUER), the first that takes it winning. The header only picks
 * the verifier; the chosen one checks everything, and a token none takes gets the one refusal message.
 */
export function anyVerifier(opts: { portal?: TokenVerifier; asymmetric: TokenVerifier[] }): TokenVerifier {
  return {
    async verify(token) {
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch (error) {
        throw new InvalidTokenError('Invalid token', { cause: error });
      }
      if (alg === 'HS512' && opts.portal) return opts.portal.verify(token);
      let refusal: unknown = new InvalidTokenError('Invalid token');
      for (const verifier of opts.asymmetric) {
        try {
          return await verifier.verify(token);
        } catch (error) {
          // An outage (keys unreachable) says so rather than hiding behind another verifier's refusal.
          if (!(error instanceof InvalidTokenError)) throw error;
          refusal = error;
        }
      }
      throw refusal;
    },
  };
}
