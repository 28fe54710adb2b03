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
  /**
   * Subscription operations started and ended, by the schema's subscription field they ask for
   * (trackOperation): keys are those names alone (and `other`), whatever clients send.
   */
  operations: Record<string, OperationCounts> = {};

  /** A plain copy, for logs and JSON. */
  snapshot(): Omit<LiveMetrics, 'snapshot'> {
    const copy = Object.fromEntries(Object.entries(this)) as Omit<LiveMetrics, 'snapshot'>;
    copy.operations = Object.fromEntries(Object.entries(this.operations).map(([name, counts]) => [name, { ...counts }]));
    return copy;
  }
}

/** How many operations of one subscription field started, and how many of those ended. */
export interface OperationCounts {
  started: number;
  ended: number;
}

/** Counts a subscription operation of `field` as started; the function it gives counts it as ended (once, however often called). */
export function trackOperation(metrics: LiveMetrics, field: string): () => void {
  const counts = (metrics.operations[field] ??= { started: 0, ended: 0 });
  counts.started++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    counts.ended++;
  };
}
