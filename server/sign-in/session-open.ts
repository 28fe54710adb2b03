import type { MikroORM } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { openSession, SESSION_COOKIE, type SessionProvider } from '../auth/sessions.js';
import { signIn } from '../auth/sign-in.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Config } from '../config.js';

/** What the sign-in routes need from the application (http/ hands them over). */
export interface SignInParts {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  /** Tells every instance that these credentials ended, so their live connections close (the live bus). */
  revoked: (credentials: string[]) => void;
}

/** The Set-Cookie value of the session cookie (docs/api.md, "Who is asking"): HttpOnly, SameSite=Lax, Secure over https. */
export function sessionCookie(config: Pick<Config, 'publicUrl'>, token: string, maxAgeSeconds: number): string {
  const secure = config.publicUrl.startsWith('https:') ? '; Secure' : '';
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

/** Signs the person in (creating or updating their user), opens their session, sets the cookie and sends them on. */
export async function openSessionAndReturn(
  parts: SignInParts,
  res: Response,
  opts: { claims: TokenClaims; provider: SessionProvider; returnTo: string; casTicket?: string },
): Promise<void> {
  const em = parts.orm.em.fork();
  const user = await signIn(em, opts.claims, parts.config.adminUids);
  const session = await openSession(em, {
    userId: user.id,
    provider: opts.provider,
    hours: parts.config.signIn.sessionHours,
    casTicket: opts.casTicket,
  });
  parts.logger.info({ userId: user.id, provider: opts.provider }, 'sign-in: session opened');
  res.setHeader('set-cookie', sessionCookie(parts.config, session.token, parts.config.signIn.sessionHours * 3600));
  res.setHeader('cache-control', 'no-store');
  res.redirect(302, opts.returnTo);
}

/** A sign-in that did not happen: no session, no redirect, one plain answer (no internals). */
export function refuseSignIn(res: Response, status = 401): void {
  res.status(status).setHeader('cache-control', 'no-store').type('text/plain').send('Sign-in failed. Please try again.');
}
