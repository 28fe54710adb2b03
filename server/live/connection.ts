import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { bearerToken, contextOf, createRequestContext, type ContextDeps, type RequestContext } from '../auth/context.js';
import { acceptedUntilMs } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import { UnauthenticatedError } from '../errors.js';
import type { TicketHooks } from '../hooks/ticket-hooks.js';
import type { LiveMetrics } from './metrics.js';
import type { Subscriber } from './subscription.js';

/** graphql-ws's code for a connection whose identity is refused (bad, missing or expired token): clients may retry with a fresh one. */
export const FORBIDDEN_CLOSE = 4403;
/** The longest delay setTimeout accepts (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a connection needs from the application. */
export interface ConnectionParts {
  contextDeps: ContextDeps;
  logger: Logger;
  metrics: LiveMetrics;
  /** Seconds between re-reads of the viewer's memberships; 0: never. */
  viewerRefreshSeconds: number;
}

/**
 * One authenticated WebSocket connection: its viewer (built by the same `createRequestContext` as
 * HTTP, and re-read now and then so a lost membership stops deliveries), closed with 4403 when its
 * token expires, and cut off when one of its subscriptions cannot keep up.
 */
export class LiveConnection implements Subscriber {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly parts: ConnectionParts,
    private readonly authorization: unknown,
    public viewer: Viewer,
    readonly requestId: string,
    private readonly session: string | undefined,
  ) {}

  /** Verifies the connection's token (or, without one, the upgrade's session cookie); undefined (and counted) when it is refused. */
  static async open(
    socket: WebSocket,
    parts: ConnectionParts,
    authorization: unknown,
    requestId: string,
    session?: string,
  ): Promise<LiveConnection | undefined> {
    let context: RequestContext;
    try {
      context = await createRequestContext(parts.contextDeps, authorization, requestId, session);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      parts.metrics.authRefused++;
      parts.logger.info({ requestId, reason: error.message }, 'live: connection refused');
      return undefined;
    }
    // Only the viewer is kept for the connection's life: its fork need not hold anything else.
    context.em.clear();
    const connection = new LiveConnection(socket, parts, authorization, context.viewer, requestId, session);
    connection.closeAtExpiry();
    connection.refreshViewer();
    return connection;
  }

  get hooks(): TicketHooks {
    return this.parts.contextDeps.hooks;
  }

  /** A context for one operation of this connection (its own EntityManager fork). */
  operationContext(operationId: string): RequestContext {
    return contextOf(this.parts.contextDeps.orm.em.fork(), this.viewer, this.hooks, `${this.requestId}/${operationId}`);
  }

  tooSlow(): void {
    if (this.closed) return;
    this.parts.metrics.slowConsumersClosed++;
    this.parts.logger.warn({ requestId: this.requestId, userId: this.viewer.userId }, 'live: subscriber too slow, connection closed');
    // It does not read: a close frame would wait behind everything it left unread.
    this.socket.terminate();
    this.dispose();
  }

  /** Stops the connection's timers (it closed). */
  dispose(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private refuse(reason: string): void {
    if (this.closed) return;
    this.parts.metrics.authRefused++;
    this.parts.logger.info({ requestId: this.requestId, reason }, 'live: connection closed');
    this.socket.close(FORBIDDEN_CLOSE, reason);
    this.dispose();
  }

  /** A credential ended somewhere (a logout, a CAS single logout, a revoked service account): closes this connection if it came with it. */
  revoked(credential: string): void {
    if (this.viewer.credential === credential) this.refuse('Signed out');
  }

  private closeAtExpiry(): void {
    if (this.viewer.expiresAt) {
      this.schedule(() => this.refuse('Session expired'), this.viewer.expiresAt.getTime() - Date.now());
      return;
    }
    // A credential without an end of its own (a service key without expiry) is no JWT to decode.
    if (this.viewer.credential) return;
    const token = bearerToken(this.authorization);
    const exp = token ? decodeJwt(token).exp : undefined;
    if (exp === undefined) return;
    // Kept exactly as long as HTTP would take the token (its clock tolerance included).
    this.schedule(() => this.refuse('Token expired'), acceptedUntilMs(exp) - Date.now());
  }

  // Memberships change (a manager leaves a department): re-read the viewer, spread out in time.
  private refreshViewer(): void {
    const seconds = this.parts.viewerRefreshSeconds;
    if (seconds === 0) return;
    const again = (delay: number): void =>
      this.schedule(() => {
        createRequestContext(this.parts.contextDeps, this.authorization, this.requestId, this.session).then(
          (context) => {
            context.em.clear();
            this.viewer = context.viewer;
            again(seconds * 1000);
          },
          (error: unknown) => {
            if (error instanceof UnauthenticatedError) {
              this.refuse(error.message);
              return;
            }
            this.parts.logger.warn({ err: error, requestId: this.requestId }, 'live: could not refresh a viewer');
            again(seconds * 1000);
          },
        );
      }, delay);
    again(seconds * 1000 * (0.5 + Math.random() / 2));
  }

  private schedule(run: () => void, delay: number): void {
    if (this.closed) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        run();
      },
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
    timer.unref();
    this.timers.add(timer);
  }
}
