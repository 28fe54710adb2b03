import { performance } from 'node:perf_hooks';

/** What a closed-loop run measured: completed operations per second and their latencies. */
export interface LoadResult {
  ops: number;
  errors: number;
  firstError: unknown;
  perSecond: number;
  /** CPU time of this whole process (app and load loop) per completed operation. */
  cpuMsPerOp: number;
  p50_ms: number;
  p99_ms: number;
}

/** One client of a closed loop: called again as soon as its previous call finished. */
export type Operation = (worker: number, iteration: number) => Promise<void>;

/**
 * Runs `clients` loops of `op` for `seconds` (after `warmupSeconds` not counted), like pgbench -c N -T s:
 * each client waits for its answer before sending the next request.
 */
export async function closedLoop(clients: number, seconds: number, op: Operation, warmupSeconds = 0): Promise<LoadResult> {
  const iterations = new Array<number>(clients).fill(0);
  if (warmupSeconds > 0) await runFor(warmupSeconds, op, iterations, [], { errors: 0, firstError: undefined });
  const latencies: number[] = [];
  const failures = { errors: 0, firstError: undefined as unknown };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await runFor(seconds, op, iterations, latencies, failures);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    ...failures,
    perSecond: latencies.length / elapsed,
    cpuMsPerOp: Math.round(((used.user + used.system) / 1000 / Math.max(1, latencies.length)) * 100) / 100,
    p50_ms: percentile(latencies, 0.5),
    p99_ms: percentile(latencies, 0.99),
  };
}

async function runFor(
  seconds: number,
  op: Operation,
  iterations: number[],
  latencies: number[],
  failures: { errors: number; firstError: unknown },
): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    iterations.map(async (_, worker) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op(worker, iterations[worker]++);
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures.errors++;
          failures.firstError ??= error;
        }
      }
    }),
  );
}

/** Nearest-rank percentile of sorted values, rounded to 0.01 ms. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return Math.round(value * 100) / 100;
}
