import type { BusMessage } from './live-message.js';

/** What a bus tells the hub: each message, and each time it is (again) subscribed. */
export interface BusHandlers {
  message(message: BusMessage): void;
  /** Called after every successful (re)subscription; `reconnected` is false the first time. */
  ready(reconnected: boolean): void;
}

/**
 * Carries live messages between server instances (PostgreSQL LISTEN/NOTIFY by default, Redis
 * pub/sub as an option). Every instance, the publishing one included, receives every message.
 */
export interface LiveBus {
  /** A name for logs and metrics. */
  readonly kind: 'postgres' | 'redis';
  /** Sends a message to every instance. */
  publish(message: BusMessage): Promise<void>;
  /** Starts listening; resolves after the first attempt (later ones retry by themselves). */
  start(handlers: BusHandlers): Promise<void>;
  /** Stops listening and closes the bus's own connections. */
  stop(): Promise<void>;
}

/** Reconnection delays: fast at first, then capped, with jitter so instances do not retry in step. */
export function backoff(attempt: number, minMs = 100, maxMs = 5000): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 16));
  return Math.round(base / 2 + Math.random() * (base / 2));
}
