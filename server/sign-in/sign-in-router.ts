import { Router } from 'express';
import { originAllowed } from '../auth/origin.js';
import { sessionCookieValue } from '../auth/session-cookie.js';
import { revokeSession } from '../auth/sessions.js';
import { casRouter } from './cas-login.js';
import { oidcRouter } from './oidc-login.js';
import { safeReturnTo } from './return-to.js';
import { sessionCookie, type SignInParts } from './session-open.js';

export type { SignInParts } from './session-open.js';

/**
 * The sign-in routes of AUTH_MODE (README, "Sign-in"): CAS or the OIDC code flow, and `POST
 * /auth/logout` in every mode. `insecureHttp` lets the OIDC client talk to a provider over plain http
 * (tests and development only).
 */
export function signInRouter(parts: SignInParts, opts: { insecureHttp: boolean }): Router {
  const { config, logger } = parts;
  const router = Router();
  const { cas, oidcClient } = config.signIn;
  if (config.authMode === 'cas' && cas) router.use(casRouter(parts, cas.url));
  if (config.authMode === 'oidc' && oidcClient) router.use(oidcRouter(parts, oidcClient, opts.insecureHttp));

  // Ends the session at once on every instance (its sockets too); a foreign page cannot sign a visitor out.
  router.post('/auth/logout', async (req, res, next) => {
    try {
      if (!originAllowed(req, config)) {
        res.status(403).type('text/plain').send('Forbidden');
        return;
      }
      const token = sessionCookieValue(req.headers.cookie);
      const ended = token === undefined ? undefined : await revokeSession(parts.orm.em.fork(), token);
      if (ended) {
        logger.info('sign-in: session ended');
        parts.revoked([ended]);
      }
      res.setHeader('set-cookie', sessionCookie(config, '', 0));
      res.setHeader('cache-control', 'no-store');
      // CAS: end the single sign-on too, or the next login would pass straight through.
      res.redirect(302, cas && config.authMode === 'cas' ? `${cas.url}/logout` : safeReturnTo(req.query.returnTo, config));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
