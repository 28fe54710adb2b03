import 'reflect-metadata';
import { openCluster } from '../database.js';
import { ROOT } from '../processes.js';
import { ensureBenchData } from './generate.js';

/**
 * `npm run bench:data -- --tickets 1000000 [--seed 1] [--database name]`: fills (or reuses) a
 * benchmark database in DATABASE_URL's cluster (else an embedded one under .data/bench-postgres) and prints its size.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const tickets = Number(option('tickets', '100000'));
  const seed = Number(option('seed', '1'));
  if (!Number.isInteger(tickets) || tickets < 1 || !Number.isInteger(seed))
    throw new Error('--tickets and --seed take integers (tickets ≥ 1)');
  const database = args.includes('--database') ? option('database', '') : undefined;
  const log = (m: string): void => console.error(m);
  const cluster = await openCluster(ROOT, log);
  const data = await ensureBenchData(cluster.adminUrl, { tickets, seed, database, log }).finally(() => cluster.stop());
  console.log(
    `${data.database}: ${data.tickets} tickets, seed ${data.seed}, ${data.reused ? 'reused' : 'generated'} (${data.seconds} s to generate)`,
  );
  console.log(
    Object.entries(data.sizes)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error('bench:data failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
