import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';

/** What one load run measured (latencies in ms). */
export interface LoadResult {
  perSecond: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  errors: number;
}

/** One HTTP request the load repeats. */
export interface Target {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** autocannon at `connections` for `seconds`, after `warmup` seconds not counted. Errors: connection errors, timeouts and non-2xx answers. */
export async function hammer(target: Target, connections: number, seconds: number, warmup: number): Promise<LoadResult> {
  const options = { ...target, connections, timeout: 30 };
  if (warmup > 0) await autocannon({ ...options, duration: warmup });
  const r = await autocannon({ ...options, duration: seconds });
  return {
    perSecond: r.requests.total / r.duration,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

/** Latencies of requests sent one at a time (nothing else in flight), sorted. */
export async function sequential(count: number, send: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await send(i);
    latencies.push(performance.now() - t0);
  }
  return latencies.sort((a, b) => a - b);
}

/** Nearest-rank percentile of sorted values, rounded to 0.01 ms. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return Math.round(value * 100) / 100;
}
