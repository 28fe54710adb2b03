/**
 * Counters of the live room, for logs, tests and the benchmark (a /metrics route can serve
 * `snapshot()` as is). Gauges go up and down; the rest only grow.
 */
export class LiveMetrics {
  /** Open WebSocket connections that passed authentication (gauge). */
  connections = 0;
  /** Active subscriptions (gauge). */
  subscriptions = 0;
  /** Messages received from the bus (replays included). */
  eventsReceived = 0;
  /** Events loaded from PostgreSQL for fan-out (one per event, whatever the number of subscribers). */
  eventsLoaded = 0;
  /** Payloads handed to subscribers. */
  deliveries = 0;
  /** GraphQL executions of payloads (subscribers of one document and standing share one per event). */
  executions = 0;
  /** Connections closed because a subscription fell `queueLimit` events behind. */
  slowConsumersClosed = 0;
  /** Connections refused or closed for identity (no, forged or expired token). */
  authRefused = 0;
  /** Upgrades refused for their Origin. */
  originRefused = 0;
  /** Upgrades and connections refused by a connection limit (rate, per address, per user, total). */
  limitRefused = 0;
  /** Times the bus reconnected (and replayed what was committed meanwhile). */
  busReconnects = 0;
  /** Events replayed from PostgreSQL after a reconnection. */
  replayed = 0;
  /** The most events that ever waited in one subscription's queue. */
  maxQueued = 0;

  /** A plain copy, for logs and JSON. */
  snapshot(): Omit<LiveMetrics, 'snapshot'> {
    return Object.fromEntries(Object.entries(this)) as Omit<LiveMetrics, 'snapshot'>;
  }
}
