import { Migration } from '@mikro-orm/migrations';
import PgBoss from 'pg-boss';

/**
 * The job queue's tables (pg-boss 10, schema `pgboss`; server/jobs/job-queue.ts), installed with the
 * app's own schema so every migrated database (the tests' template too) has them before the app starts.
 * pg-boss's plan brings its own BEGIN/COMMIT: the migration's transaction stands for them.
 */
export class Migration20261207120000JobQueue extends Migration {
  override async up(): Promise<void> {
    const plan = PgBoss.getConstructionPlans('pgboss')
      .replace(/^\s*BEGIN;\s*$/m, '')
      .replace(/^\s*COMMIT;\s*$/m, '');
    this.addSql(plan);
  }
}
