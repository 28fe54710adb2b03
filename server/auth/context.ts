import type { EntityManager } from '@mikro-orm/postgresql';
import { UnauthenticatedError } from '../errors.js';
import type { TicketEvents } from '../ticket/ticket-events.js';
import type { TicketLoaders } from '../ticket/ticket.loaders.js';
import { loadViewer, signIn, type Viewer } from '../user/user.service.js';
import { InvalidTokenError, type TokenVerifier } from './tokens.js';

/** What every resolver gets: its own EntityManager fork, the verified viewer, loaders and hooks. */
export interface RequestContext {
  em: EntityManager;
  viewer: Viewer;
  requestId: string;
  events: TicketEvents;
  loaders: TicketLoaders;
}

/** Pulls the token out of an `Authorization: Bearer …` value (HTTP header or WebSocket param). */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Verifies the token and signs the user in; every failure is the same UNAUTHENTICATED answer. */
export async function authenticate(
  em: EntityManager,
  verifier: TokenVerifier,
  authorization: unknown,
  adminUids: readonly string[],
): Promise<Viewer> {
  const token = bearerToken(authorization);
  if (!token) throw new UnauthenticatedError('A bearer token is required');
  let claims;
  try {
    claims = await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw new UnauthenticatedError(error.message);
    throw error;
  }
  const user = await signIn(em, claims, adminUids);
  return loadViewer(em, user);
}
