import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';
import { migrateDatabase } from './orm.js';

/**
 * `npm run migrate`: applies the pending migrations of DATABASE_URL and exits. Kubernetes runs it once
 * per release as a Job (deploy/k8s/base/migrate-job.yaml) before the new pods roll out; instances
 * migrate at start too, under the same lock, so this step is a convenience, never a requirement.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required to migrate');
  await migrateDatabase(config.databaseUrl);
  console.log('migrations applied');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
