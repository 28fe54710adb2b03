import { Router } from 'express';
import * as client from 'openid-client';
import { rememberLogin, takeLogin } from '../auth/sessions.js';
import type { SignInConfig } from '../config.js';
import { claimsFromAttributes } from './attribute-claims.js';
import { safeReturnTo } from './return-to.js';
import { openSessionAndReturn, refuseSignIn, type SignInParts } from './session-open.js';

/** The browser's half of a login under way: the callback must come from the browser that started it. */
const LOGIN_COOKIE = 'helpdesk_login';
const LOGIN_COOKIE_SECONDS = 600;
/** Asymmetric signatures only for the ID token (never `none`, never an HMAC keyed by the client secret). */
const ID_TOKEN_ALGORITHM = 'RS256';

/**
 * The OIDC code flow with PKCE (README, "Sign-in"): the provider found by discovery, `state`, `nonce`
 * and the PKCE verifier kept in PostgreSQL under the state's hash (any instance may take the callback)
 * and bound to the browser by a short cookie. The ID token is checked in full: openid-client checks
 * issuer, audience, expiry, nonce and algorithm, and its signature against the provider's JWKS only
 * because `enableNonRepudiationChecks` asks it to (docs/stack.md, "Traps").
 */
export function oidcRouter(parts: SignInParts, settings: NonNullable<SignInConfig['oidcClient']>, insecureHttp: boolean): Router {
  const { config, logger } = parts;
  const router = Router();
  const redirectUri = `${config.publicUrl}/auth/oidc/callback`;
  let discovered: Promise<client.Configuration> | undefined;

  // Discovered at the first login, and again after a failure (the provider may have been down).
  const provider = (): Promise<client.Configuration> => {
    discovered ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { id_token_signed_response_alg: ID_TOKEN_ALGORITHM },
        settings.clientSecret === undefined ? client.None() : client.ClientSecretPost(settings.clientSecret),
        {
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- plain http only outside production (tests, docs/stack.md)
          execute: [client.enableNonRepudiationChecks, ...(insecureHttp ? [client.allowInsecureRequests] : [])],
          timeout: 5,
        },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  router.get('/auth/oidc/login', async (req, res) => {
    let oidc: client.Configuration;
    try {
      oidc = await provider();
    } catch (err) {
      logger.warn({ err }, 'sign-in: OIDC discovery failed');
      refuseSignIn(res, 503);
      return;
    }
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const returnTo = safeReturnTo(req.query.returnTo, config);
    await rememberLogin(parts.orm.em.fork(), state, { verifier, nonce, returnTo });
    const url = client.buildAuthorizationUrl(oidc, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const secure = config.publicUrl.startsWith('https:') ? '; Secure' : '';
    res.setHeader(
      'set-cookie',
      `${LOGIN_COOKIE}=${state}; Path=/auth/oidc; Max-Age=${LOGIN_COOKIE_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
    );
    res.setHeader('cache-control', 'no-store');
    res.redirect(302, url.toString());
  });

  router.get('/auth/oidc/callback', async (req, res, next) => {
    try {
      const { state } = req.query;
      if (typeof state !== 'string' || state.length > 200 || loginCookie(req.headers.cookie) !== state) {
        refuseSignIn(res, 400);
        return;
      }
      const login = await takeLogin(parts.orm.em.fork(), state);
      if (!login) {
        refuseSignIn(res, 400);
        return;
      }
      res.append('set-cookie', `${LOGIN_COOKIE}=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax`);
      let claims;
      try {
        const oidc = await provider();
        const tokens = await client.authorizationCodeGrant(oidc, new URL(req.originalUrl, redirectUri), {
          pkceCodeVerifier: login.verifier,
          expectedState: state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        claims =
          idToken && claimsFromAttributes(withStandardClaims(idToken, config.signIn.attributes), idToken.sub, config.signIn.attributes);
      } catch (err) {
        // A refused code, an ID token that fails a check, a provider down: no session, and no details to the browser.
        logger.info({ err: { name: (err as Error).name, message: (err as Error).message } }, 'sign-in: OIDC callback refused');
        refuseSignIn(res);
        return;
      }
      if (!claims) {
        refuseSignIn(res);
        return;
      }
      await openSessionAndReturn(parts, res, { claims, provider: 'oidc', returnTo: login.returnTo });
    } catch (error) {
      next(error);
    }
  });

  return router;
}

function loginCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === LOGIN_COOKIE) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** OIDC's standard claims stand in for the configured attribute names the provider does not send (`name`, `email`). */
function withStandardClaims(idToken: Record<string, unknown>, mapping: SignInConfig['attributes']): Record<string, unknown> {
  return { ...idToken, [mapping.name]: idToken[mapping.name] ?? idToken.name, [mapping.mail]: idToken[mapping.mail] ?? idToken.email };
}
