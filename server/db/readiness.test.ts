import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import type { TestApp } from '../../test/harness.js';
import { until } from '../../test/until.js';
import { migrationsList } from './migrations/index.js';
import { MIGRATIONS_CHECK_MS, readinessProbe } from './readiness.js';

const NAMES = migrationsList.map((m) => m.name);
const LAST = NAMES.at(-1)!;

/** Takes the newest migration's row out of the app's database (as an older backup restored would), and gives a way to put it back. */
async function withoutLastMigration(app: TestApp): Promise<() => Promise<void>> {
  const [row] = await app
    .em()
    .execute<{ executed_at: Date }[]>('delete from mikro_orm_migrations where name = ? returning executed_at', [LAST]);
  return async () => {
    await app.em().execute('insert into mikro_orm_migrations (name, executed_at) values (?, ?)', [LAST, row.executed_at]);
  };
}

describe('the readiness probe: PostgreSQL answers with the migrations this code needs', () => {
  const app = useTestApp();

  it('should be ready on a database with every migration, a newer release’s extra ones included', async () => {
    const probe = readinessProbe(app.databaseUrl, { migrations: NAMES.slice(0, -1) });
    try {
      expect(await probe.check()).toEqual({ ready: true });
    } finally {
      await probe.close();
    }
  });

  it('should not be ready, naming nothing internal, when this code needs a migration the database lacks, and tell the logs which', async () => {
    const told: string[][] = [];
    const future = 'Migration20991231000000Future';
    const probe = readinessProbe(app.databaseUrl, { migrations: [...NAMES, future], onPending: (pending) => told.push(pending) });
    try {
      expect(await probe.check()).toEqual({ ready: false, reason: 'database schema not current' });
      expect(told).toEqual([[future]]);
    } finally {
      await probe.close();
    }
  });

  it('should read the migrations table at most once every MIGRATIONS_CHECK_MS, and see a change after it', async () => {
    let now = 1_000_000;
    const told: string[][] = [];
    const probe = readinessProbe(app.databaseUrl, { migrations: NAMES, now: () => now, onPending: (pending) => told.push(pending) });
    try {
      expect(await probe.check()).toEqual({ ready: true });
      const restore = await withoutLastMigration(app);
      try {
        // Within the window the probe only asks `select 1`: the missing row goes unseen.
        now += MIGRATIONS_CHECK_MS - 1;
        expect(await probe.check()).toEqual({ ready: true });
        now += 1;
        expect(await probe.check()).toEqual({ ready: false, reason: 'database schema not current' });
        expect(told).toEqual([[LAST]]);
      } finally {
        await restore();
      }
      now += MIGRATIONS_CHECK_MS / 2;
      expect((await probe.check()).ready).toBe(false);
      now += MIGRATIONS_CHECK_MS / 2;
      expect(await probe.check()).toEqual({ ready: true });
      expect(told).toEqual([[LAST], []]);
    } finally {
      await probe.close();
    }
  });

  it('should say the database is unreachable when it is, within the probe’s time', async () => {
    const url = new URL(app.databaseUrl);
    url.port = '1';
    const probe = readinessProbe(url.toString(), { migrations: NAMES });
    try {
      const started = performance.now();
      expect(await probe.check()).toEqual({ ready: false, reason: 'database unreachable' });
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await probe.close();
    }
  });
});

describe('GET /readyz on a database without a migration this release needs', () => {
  const app = useTestApp();

  it('should answer 503 with a reason that names no migration, then 200 once it is there', async () => {
    const restore = await withoutLastMigration(app);
    let res: Response | undefined;
    try {
      // The app's probe may have looked already: its next look comes within MIGRATIONS_CHECK_MS.
      res = await until(async () => {
        const answer = await fetch(`${app.url}/readyz`);
        return answer.status === 503 && answer;
      }, MIGRATIONS_CHECK_MS + 5000);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ status: 'unavailable', reason: 'database schema not current' });
      expect(body).not.toContain('Migration');
    } finally {
      await restore();
    }
    await until(async () => (await fetch(`${app.url}/readyz`)).status === 200, MIGRATIONS_CHECK_MS + 5000);
  }, 40_000);
});
