import 'reflect-metadata';
import { DEFAULT_ADMIN_URL, withDatabase } from '../database.js';
import { ensureBenchData } from './generate.js';

/**
 * `npm run bench:data -- --tickets 1000000 [--seed 1] [--database name]`: fills (or reuses) a
 * benchmark database next to DATABASE_URL's (default: the local cluster) and prints its size.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const tickets = Number(option('tickets', '100000'));
  const seed = Number(option('seed', '1'));
  if (!Number.isInteger(tickets) || tickets < 1 || !Number.isInteger(seed)) throw new Error('--tickets and --seed take integers (tickets ≥ 1)');
  const database = args.includes('--database') ? option('database', '') : undefined;
  const adminUrl = withDatabase(process.env.DATABASE_URL || DEFAULT_ADMIN_URL, 'postgres');
  const data = await ensureBenchData(adminUrl, { tickets, seed, database, log: (m) => console.error(m) });
  console.log(
    `${data.database}: ${data.tickets} tickets, seed ${data.seed}, ${data.reused ? 'reused' : 'generated'} (${data.seconds} s to generate)`,
  );
  console.log(Object.entries(data.sizes).map(([k, v]) => `  ${k}: ${v}`).join('\n'));
}

main().catch((error: unknown) => {
  console.error('bench:data failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
