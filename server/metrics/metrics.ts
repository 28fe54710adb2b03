import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

/** A value read when Prometheus scrapes (a gauge's level, a total kept elsewhere). */
export type Reading = () => number | Promise<number>;

/** What the rooms that own a figure hand to the metrics when they start (main.ts wires them). */
export interface MetricSources {
  /** Requests waiting for a connection of the application's pool. */
  dbPoolWaiting?: Reading;
  /** Active live subscriptions of this instance. */
  liveSubscribers?: Reading;
  /** Subscription operations started and ended on this instance, by subscription field (the live room keeps them). */
  liveOperations?: () => Readonly<Record<string, { started: number; ended: number }>>;
}

/** The label every request whose operation is not a known one gets: labels never carry what a client typed. */
export const OTHER_OPERATION = 'other';

// Seconds: the API answers most requests in milliseconds; a search or an upload may take seconds.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus series of one instance (docs/api.md, "Additions for operations"). Each app has a
 * registry of its own (tests run several apps in one process); the figures other rooms own are read
 * at scrape time through their callbacks, so a request pays only for its counter and its histogram.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Per (operation, code): plain numbers a request bumps; prom-client reads them only when scraped (see RequestSeries). */
  private readonly series = new RequestSeries();
  private readonly known: ReadonlySet<string>;
  private mail: { queueDepth: Reading; failedTotal: Reading } | undefined;

  /** `operations`: the names a label may take (the schema's root fields, the portlet's operations, the fixed routes). */
  constructor(operations: Iterable<string>, sources: MetricSources = {}) {
    this.known = new Set(operations);
    const registers = [this.registry];
    for (const metric of this.series.metrics()) this.registry.registerMetric(metric as unknown as Metric);
    gauge(this.registry, 'helpdesk_db_pool_waiting', 'Requests waiting for a PostgreSQL connection of the pool.', sources.dbPoolWaiting);
    gauge(this.registry, 'helpdesk_live_subscribers', 'Active live subscriptions (WebSocket) on this instance.', sources.liveSubscribers);
    // Mail registers its readings when it starts (registerMailMetrics); until then both series read 0.
    gauge(this.registry, 'helpdesk_mail_queue_depth', 'Mails waiting to be sent.', () => this.mail?.queueDepth() ?? 0);
    const readFailed = (): number | Promise<number> => this.mail?.failedTotal() ?? 0;
    new Counter({
      name: 'helpdesk_mail_failed_total',
      help: 'Mails given up after their last attempt.',
      registers,
      async collect() {
        // The total is kept by the mail room (across restarts, in its queue): the counter shows it as read.
        this.reset();
        const total = await readFailed();
        if (total > 0) this.inc(total);
      },
    });
    this.liveOperationCounters(sources.liveOperations);
    collectDefaultMetrics({ register: this.registry });
  }

  // Two counters read from the live room's numbers at scrape time: a WebSocket operation costs them nothing.
  private liveOperationCounters(read: MetricSources['liveOperations']): void {
    const label = (name: string): string => this.label(name);
    for (const phase of ['started', 'ended'] as const) {
      new Counter({
        name: `helpdesk_live_subscriptions_${phase}_total`,
        help: `Subscription operations ${phase} over WebSocket, by subscription field ("other" for none of the schema's).`,
        labelNames: ['operation'],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [operation, counts] of Object.entries(read?.() ?? {})) this.inc({ operation: label(operation) }, counts[phase]);
        },
      });
    }
  }

  /** The label of an operation: its own name when known, else `other` (bounded cardinality whatever clients send). */
  label(name: string | null | undefined): string {
    return name && this.known.has(name) ? name : OTHER_OPERATION;
  }

  /** Counts one answered request; `operation` must be a label from `label()`. */
  observe(operation: string, code: number, seconds: number): void {
    this.series.observe(operation, code, seconds);
  }

  /** Called by the mail room when it starts: its queue's depth and its failures' total, read at each scrape. */
  registerMail(readings: { queueDepth: Reading; failedTotal: Reading }): void {
    this.mail = readings;
  }

  /** The text Prometheus scrapes. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/**
 * The mail room's way in (it ranks above metrics/): with metrics off (no METRICS_TOKEN) there is
 * nothing to register and this does nothing.
 */
export function registerMailMetrics(metrics: Metrics | undefined, readings: { queueDepth: Reading; failedTotal: Reading }): void {
  metrics?.registerMail(readings);
}

function gauge(registry: Registry, name: string, help: string, read: Reading | undefined): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(read ? await read() : 0);
    },
  });
}

/**
 * Whether an Authorization header carries the metrics token. Both sides are hashed first, so the
 * comparison takes the same time whatever the length or the first differing byte of a guess.
 */
export function isMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  const given = digest(match?.[1] ?? '');
  return timingSafeEqual(given, digest(token)) && match !== null;
}

interface OperationTimes {
  /** Requests per bucket of DURATION_BUCKETS (not cumulative), the last one past every bound. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * The request counter and the latency histogram, kept as plain numbers: prom-client's own Counter and
 * Histogram hash their labels on every call, which cost 2–5 µs a request here, 3–7 % of the cheapest
 * request's CPU (README, "Performance": 0.07 ms for R6). These cost a map lookup and two additions;
 * `metrics()` presents them to the registry in prom-client's own shape, read only when scraped.
 */
class RequestSeries {
  private readonly counts = new Map<string, { operation: string; code: string; value: number }>();
  private readonly times = new Map<string, OperationTimes>();

  observe(operation: string, code: number, seconds: number): void {
    const key = `${operation} ${code}`;
    const counted = this.counts.get(key);
    if (counted) counted.value++;
    else this.counts.set(key, { operation, code: String(code), value: 1 });
    let times = this.times.get(operation);
    if (!times) {
      times = { buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.times.set(operation, times);
    }
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]) bucket++;
    times.buckets[bucket]++;
    times.sum += seconds;
    times.count++;
  }

  /** The two metrics as the registry reads them (name, help, type, and get() giving the values). */
  metrics(): object[] {
    const requests = {
      name: 'helpdesk_http_requests_total',
      help: 'HTTP requests answered, by operation (a known GraphQL operation or route, else "other") and status code.',
      type: 'counter',
      aggregator: 'sum',
    };
    const duration = {
      name: 'helpdesk_http_request_duration_seconds',
      help: 'Time from a request to the end of its answer, by operation.',
      type: 'histogram',
      aggregator: 'sum',
    };
    return [
      {
        ...requests,
        get: () => ({
          ...requests,
          values: [...this.counts.values()].map((c) => ({ labels: { operation: c.operation, code: c.code }, value: c.value })),
        }),
      },
      {
        ...duration,
        get: () => ({
          ...duration,
          values: [...this.times].flatMap(([operation, t]) => {
            let cumulative = 0;
            const bounds: (number | string)[] = [...DURATION_BUCKETS, '+Inf'];
            return [
              ...bounds.map((le, i) => {
                cumulative += t.buckets[i];
                return { metricName: `${duration.name}_bucket`, labels: { le, operation }, value: cumulative };
              }),
              { metricName: `${duration.name}_sum`, labels: { operation }, value: t.sum },
              { metricName: `${duration.name}_count`, labels: { operation }, value: t.count },
            ];
          }),
        }),
      },
    ];
  }
}
