import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { UnauthenticatedError } from '../errors.js';
import type { Directory } from '../directory/ldap-directory.js';
import type { TicketHooks } from '../hooks/ticket-hooks.js';
import type { WriteBudgets } from '../limits/write-budgets.js';
import { decodeJwt } from 'jose';
import { isServiceKey, serviceViewer } from './service-key.js';
import { findSession } from './sessions.js';
import { knownViewer, readKnownUser, signIn } from './sign-in.js';
import { InvalidTokenError, type TokenVerifier } from './tokens.js';
import type { ViewerCache } from './viewer-cache.js';
import { loadViewer, type Viewer } from './viewer.js';
import { User } from '../model/user.entity.js';

/**
 * What every resolver gets: its own EntityManager fork, the verified viewer and the action hooks.
 * Built in one place (`createRequestContext`) for HTTP requests and WebSocket operations alike.
 */
export interface RequestContext {
  em: EntityManager;
  viewer: Viewer;
  requestId: string;
  hooks: TicketHooks;
  /** What the viewer may still write (filings, messages); absent: no write budget (tests, the benchmark). */
  budgets?: WriteBudgets;
  /** The LDAP directory people are also found in (absent: no LDAP_URL). */
  directory?: Directory;
  /** Per-request loaders and caches, each built on first use by the room that owns it (see `perRequest`). */
  readonly memo: Map<unknown, unknown>;
}

/** What building a request context needs from the running application. */
export interface ContextDeps {
  orm: MikroORM;
  verifier: TokenVerifier;
  hooks: TicketHooks;
  adminUids: readonly string[];
  /** Viewers signed in recently, so a known user's request needs no statement (absent: every request reads the user). */
  viewers?: ViewerCache;
  /** The write budgets every request's actions take from (absent: none). */
  budgets?: WriteBudgets;
  /** The LDAP directory (absent: none). */
  directory?: Directory;
}

/**
 * Verifies the bearer token, signs the user in and builds the request's context (HTTP and WebSocket).
 * The EntityManager is forked on first use: a request answered from memory (a remembered viewer, a
 * `__typename`) never pays for one.
 */
export async function createRequestContext(
  deps: ContextDeps,
  authorization: unknown,
  requestId: string,
  session?: string,
): Promise<RequestContext> {
  let forked: EntityManager | undefined;
  const em = (): EntityManager => (forked ??= deps.orm.em.fork());
  const viewer = await authenticate(em, deps, authorization, session);
  return new LazyContext(em, viewer, requestId, deps.hooks, deps.budgets, deps.directory);
}

/**
 * A context whose EntityManager is made when first read. The getter lives on the prototype and the
 * fork in a closure, because Apollo copies the context's own properties for each operation: the
 * copy and the original (and the viewer's lazily mapped user) then share one fork.
 */
class LazyContext implements RequestContext {
  readonly memo = new Map<unknown, unknown>();
  constructor(
    private readonly fork: () => EntityManager,
    readonly viewer: Viewer,
    readonly requestId: string,
    readonly hooks: TicketHooks,
    readonly budgets: WriteBudgets | undefined,
    readonly directory?: Directory,
  ) {}
  get em(): EntityManager {
    return this.fork();
  }
}

/** A context for an already known viewer (the benchmark, the scheduler's own work, tests). */
export function contextOf(em: EntityManager, viewer: Viewer, hooks: TicketHooks, requestId: string): RequestContext {
  return { em, viewer, requestId, hooks, memo: new Map() };
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

/**
 * Verifies the token and signs the user in; every failure is the same UNAUTHENTICATED answer. Without
 * a bearer token, the session cookie's value (`session`, already vetted by `sessionTokenOf`) may do.
 */
export async function authenticate(
  em: () => EntityManager,
  deps: Pick<ContextDeps, 'verifier' | 'adminUids' | 'viewers'>,
  authorization: unknown,
  session?: string,
): Promise<Viewer> {
  const token = bearerToken(authorization);
  if (!token && session !== undefined) return sessionViewer(em(), session);
  if (!token) throw new UnauthenticatedError('A bearer token is required');
  if (isServiceKey(token)) return serviceViewer(em(), token);
  let claims;
  try {
    claims = await deps.verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw new UnauthenticatedError(error.message);
    throw error;
  }
  const remembered = deps.viewers?.viewer(token, em);
  if (remembered) return remembered;
  const known = await readKnownUser(em(), claims.uid);
  const viewer = known && knownViewer(em(), known, claims, deps.adminUids);
  if (!viewer) return loadViewer(em(), await signIn(em(), claims, deps.adminUids));
  // The verifier required and checked `exp`; reading it again only decodes the verified payload.
  const { exp } = decodeJwt(token);
  if (deps.viewers && typeof exp === 'number') deps.viewers.remember(token, known, viewer.isAdmin, exp * 1000);
  return viewer;
}

/** The viewer of an open session (never remembered: a revoked session is refused at its next request, on every instance). */
async function sessionViewer(em: EntityManager, session: string): Promise<Viewer> {
  const found = await findSession(em, session);
  const known = found && (await readKnownUser(em, found.uid));
  if (!found || !known) throw new UnauthenticatedError('Invalid token');
  const user = em.map(User, { ...known.columns });
  return {
    user,
    userId: user.id,
    isAdmin: user.isAdmin,
    memberships: known.memberships,
    credential: found.credential,
    expiresAt: found.expiresAt,
  };
}
