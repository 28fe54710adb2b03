import express, { Router } from 'express';
import { XMLParser } from 'fast-xml-parser';
import { revokeCasSessions } from '../auth/sessions.js';
import type { TokenClaims } from '../auth/tokens.js';
import { claimsFromAttributes } from './attribute-claims.js';
import { safeReturnTo } from './return-to.js';
import { openSessionAndReturn, refuseSignIn, type SignInParts } from './session-open.js';

/** A CAS server slower than this is taken as down (the person may try again). */
const VALIDATION_TIMEOUT_MS = 5000;
/** A validation answer or a logout request larger than this is not one. */
const MAX_XML_BYTES = 64 * 1024;
/** CAS service tickets: `ST-` and at most a few hundred URL-safe characters (CAS protocol 3.0, section 3.1.1). */
const TICKET = /^ST-[A-Za-z0-9._~-]{1,250}$/;

// Namespaces dropped (cas:, samlp:), values kept as written (a uid "0123" stays text), no entity expansion games.
const xml = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, processEntities: false });

/**
 * CAS 3.0 sign-in (README, "Sign-in"): `/auth/cas/login` sends the browser to the CAS server with our
 * callback as `service`, the callback validates the ticket at `/p3/serviceValidate` for that exact
 * service URL and opens the session; a POST to the callback is CAS single logout, which ends the
 * session that ticket opened, and only that one.
 */
export function casRouter(parts: SignInParts, casUrl: string): Router {
  const { config, logger } = parts;
  const router = Router();

  // returnTo rides inside the service URL: the ticket is bound to it, so it cannot be swapped on the way back.
  const serviceUrl = (returnTo: string): string => `${config.publicUrl}/auth/cas/callback?returnTo=${encodeURIComponent(returnTo)}`;

  router.get('/auth/cas/login', (req, res) => {
    const returnTo = safeReturnTo(req.query.returnTo, config);
    res.setHeader('cache-control', 'no-store');
    res.redirect(302, `${casUrl}/login?service=${encodeURIComponent(serviceUrl(returnTo))}`);
  });

  router.get('/auth/cas/callback', async (req, res, next) => {
    try {
      const { ticket } = req.query;
      if (typeof ticket !== 'string' || !TICKET.test(ticket)) {
        refuseSignIn(res, 400);
        return;
      }
      const returnTo = safeReturnTo(req.query.returnTo, config);
      let claims: TokenClaims | undefined;
      try {
        claims = await validate(casUrl, serviceUrl(returnTo), ticket, config.signIn.attributes);
      } catch (err) {
        // The CAS server unreachable or too slow: "try again", not an internal error.
        logger.warn({ err }, 'sign-in: CAS server unreachable');
        refuseSignIn(res, 503);
        return;
      }
      if (!claims) {
        logger.info('sign-in: CAS ticket refused');
        refuseSignIn(res);
        return;
      }
      await openSessionAndReturn(parts, res, { claims, provider: 'cas', returnTo, casTicket: ticket });
    } catch (error) {
      next(error);
    }
  });

  // Single logout: the CAS server posts a SAML LogoutRequest naming the service ticket (CAS protocol 3.0, appendix C).
  router.post('/auth/cas/callback', express.urlencoded({ extended: false, limit: MAX_XML_BYTES }), async (req, res, next) => {
    try {
      const body = req.body as Record<string, unknown> | undefined;
      const ticket = logoutTicket(body?.logoutRequest);
      if (ticket) {
        const ended = await revokeCasSessions(parts.orm.em.fork(), ticket);
        if (ended.length > 0) {
          logger.info({ sessions: ended.length }, 'sign-in: CAS single logout');
          parts.revoked(ended);
        }
      }
      // The same answer whatever it ended: a caller learns nothing about sessions.
      res.status(200).type('text/plain').send('OK');
    } catch (error) {
      next(error);
    }
  });

  return router;
}

/** Asks the CAS server about a ticket for this service; the person's claims on success, undefined on any failure. */
async function validate(
  casUrl: string,
  service: string,
  ticket: string,
  mapping: SignInParts['config']['signIn']['attributes'],
): Promise<TokenClaims | undefined> {
  const url = `${casUrl}/p3/serviceValidate?service=${encodeURIComponent(service)}&ticket=${encodeURIComponent(ticket)}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS), redirect: 'error' });
  if (!response.ok) return undefined;
  const text = await response.text();
  if (text.length > MAX_XML_BYTES) return undefined;
  const parsed = parseXml(text);
  const success = (parsed?.serviceResponse as Record<string, unknown> | undefined)?.authenticationSuccess;
  if (typeof success !== 'object' || success === null) return undefined;
  const { user, attributes } = success as { user?: unknown; attributes?: unknown };
  const attrs = typeof attributes === 'object' && attributes !== null ? (attributes as Record<string, unknown>) : {};
  return claimsFromAttributes(attrs, typeof user === 'string' ? user.trim() : undefined, mapping);
}

/** The service ticket a logout request names (its SessionIndex), when it is one. */
function logoutTicket(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_XML_BYTES) return undefined;
  const request = parseXml(raw)?.LogoutRequest;
  const index = typeof request === 'object' && request !== null ? (request as Record<string, unknown>).SessionIndex : undefined;
  return typeof index === 'string' && TICKET.test(index.trim()) ? index.trim() : undefined;
}

function parseXml(text: string): Record<string, unknown> | undefined {
  try {
    return xml.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
