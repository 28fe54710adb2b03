import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { UnauthenticatedError } from '../errors.js';
import type { TicketEvents } from '../events/ticket-events.js';
import { knownViewer, signIn } from './sign-in.js';
import { InvalidTokenError, type TokenVerifier } from './tokens.js';
import { loadViewer, type Viewer } from './viewer.js';

/**
 * What every resolver gets: its own EntityManager fork, the verified viewer and the action hooks.
 * Built in one place (`createRequestContext`) for HTTP requests and WebSocket operations alike.
 */
export interface RequestContext {
  em: EntityManager;
  viewer: Viewer;
  requestId: string;
  events: TicketEvents;
  /** Per-request loaders and caches, each built on first use by the room that owns it (see `perRequest`). */
  readonly memo: Map<unknown, unknown>;
}

/** What building a request context needs from the running application. */
export interface ContextDeps {
  orm: MikroORM;
  verifier: TokenVerifier;
  events: TicketEvents;
  adminUids: readonly string[];
}

/** Verifies the bearer token, signs the user in and builds the request's context (HTTP and WebSocket). */
export async function createRequestContext(deps: ContextDeps, authorization: unknown, requestId: string): Promise<RequestContext> {
  const em = deps.orm.em.fork();
  const viewer = await authenticate(em, deps.verifier, authorization, deps.adminUids);
  return contextOf(em, viewer, deps.events, requestId);
}

/** A context for an already known viewer (the benchmark, the scheduler's own work, tests). */
export function contextOf(em: EntityManager, viewer: Viewer, events: TicketEvents, requestId: string): RequestContext {
  return { em, viewer, requestId, events, memo: new Map() };
}

/**
 * The request's own instance of something built from its context (DataLoaders, access caches):
 * made on first use, so the context needs to know nothing of the rooms above it.
 */
export function perRequest<T>(ctx: RequestContext, make: (ctx: RequestContext) => T): T {
  if (!ctx.memo.has(make)) ctx.memo.set(make, make(ctx));
  return ctx.memo.get(make) as T;
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
  return (await knownViewer(em, claims, adminUids)) ?? loadViewer(em, await signIn(em, claims, adminUids));
}
