import type { WebSocket } from 'ws';
import type { LiveConfig } from '../config.js';

/** Close code for a connection over LIVE_MAX_CONNECTIONS_PER_USER (graphql-ws clients retry it later; its 4429 they never retry). */
export const TOO_MANY_CONNECTIONS_CLOSE = 4008;
/** graphql-ws's code for a socket not initialised in time. */
export const INIT_TIMEOUT_CLOSE = 4408;
/** How long a socket closed for its deadline has to answer the close before it is cut off. */
const CLOSE_GRACE_MS = 1000;
/** The upgrade rate's window. */
const WINDOW_MS = 60_000;
/** Retry-After of a refusal for a count of open connections (one closes any moment). */
const BUSY_RETRY_SECONDS = 5;

/** An upgrade refused before any WebSocket exists: the HTTP answer, and why (for logs). */
export interface UpgradeRefusal {
  status: 429 | 503;
  retryAfterSeconds: number;
  reason: 'upgrade rate' | 'connections per address' | 'connections';
}

/** The settings the limits read. */
export type ConnectionCaps = Pick<
  LiveConfig,
  'maxConnections' | 'maxConnectionsPerUser' | 'maxConnectionsPerAddress' | 'upgradesPerMinute'
>;

/**
 * What keeps one user or one address from taking every WebSocket slot of an instance: open sockets
 * per client address and upgrades per address a minute (both at the upgrade), signed-in connections
 * per user (at connection_init), and the instance's total. Counted in memory, per instance, as the
 * total always was; 0 turns a per-user or per-address cap off.
 */
export class ConnectionLimits {
  private readonly byAddress = new Tally<string>();
  private readonly byUser = new Tally<number>();
  private readonly upgrades = new Map<string, { count: number; endsAt: number }>();
  private sweptAt = 0;

  constructor(private readonly caps: ConnectionCaps) {}

  /** Counts an upgrade from `address` and says why it may not open a socket now (`open`: this instance's sockets); undefined: it may. */
  admit(address: string, open: number, now = Date.now()): UpgradeRefusal | undefined {
    const { upgradesPerMinute, maxConnectionsPerAddress, maxConnections } = this.caps;
    if (upgradesPerMinute > 0) {
      const window = this.window(address, now);
      if (++window.count > upgradesPerMinute) {
        return { status: 429, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)), reason: 'upgrade rate' };
      }
    }
    if (maxConnectionsPerAddress > 0 && this.byAddress.count(address) >= maxConnectionsPerAddress) {
      return { status: 429, retryAfterSeconds: BUSY_RETRY_SECONDS, reason: 'connections per address' };
    }
    if (open >= maxConnections) return { status: 503, retryAfterSeconds: BUSY_RETRY_SECONDS, reason: 'connections' };
    return undefined;
  }

  /** A socket from `address` is open: counted until it closes (whether or not it ever signs in). */
  holdAddress(socket: WebSocket, address: string): void {
    this.byAddress.add(address);
    socket.once('close', () => this.byAddress.remove(address));
  }

  /** Takes one of the user's connections; false when they hold their share already. */
  claimUser(userId: number): boolean {
    const cap = this.caps.maxConnectionsPerUser;
    if (cap > 0 && this.byUser.count(userId) >= cap) return false;
    this.byUser.add(userId);
    return true;
  }

  /** Gives back a connection taken by `claimUser`. */
  releaseUser(userId: number): void {
    this.byUser.remove(userId);
  }

  // One window per address from its first upgrade; windows over are dropped once a window, so addresses seen once do not stay.
  private window(address: string, now: number): { count: number; endsAt: number } {
    if (now - this.sweptAt >= WINDOW_MS) {
      for (const [key, window] of this.upgrades) if (window.endsAt <= now) this.upgrades.delete(key);
      this.sweptAt = now;
    }
    let window = this.upgrades.get(address);
    if (!window || window.endsAt <= now) this.upgrades.set(address, (window = { count: 0, endsAt: now + WINDOW_MS }));
    return window;
  }
}

/**
 * A socket not signed in within `ms` (no connection_init, or one still being checked) is closed with
 * 4408, and cut off if it does not answer the close: a silent peer would otherwise keep its slot for
 * ws's 30 s close timeout and the keep-alive's 24 s. A socket already refused (4403) but left half
 * closed by its peer is cut off at the same deadline.
 */
export function initDeadline(socket: WebSocket, ms: number, signedIn: () => boolean): void {
  const deadline = setTimeout(() => {
    if (signedIn()) return;
    if (socket.readyState === socket.OPEN) socket.close(INIT_TIMEOUT_CLOSE, 'Connection initialisation timeout');
    const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    socket.once('close', () => clearTimeout(cut));
  }, ms).unref();
  socket.once('close', () => clearTimeout(deadline));
}

/** How many of each key are held; a key at zero is forgotten. */
class Tally<K> {
  private readonly counts = new Map<K, number>();

  count(key: K): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: K): void {
    this.counts.set(key, this.count(key) + 1);
  }

  remove(key: K): void {
    const left = this.count(key) - 1;
    if (left > 0) this.counts.set(key, left);
    else this.counts.delete(key);
  }
}
