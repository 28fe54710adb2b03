import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callAction } from '../../test/actions.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { eventually, liveClient } from '../../test/live-client.js';
import { LISTENER_APPLICATION_NAME } from './pg-bus.js';

const CHANGES = 'subscription($t: ID) { ticketStatusChanged(ticketId: $t) { to event { id } } }';

describe('the LISTEN connection dropped by PostgreSQL', () => {
  const app = useTestApp();
  const s = useScene(app);
  let admin: pg.Client;
  let maintenance: pg.Client;

  /** This test database's listening backends: never another database's. */
  const listeners = async (): Promise<number[]> =>
    (
      await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and application_name = $1', [
        LISTENER_APPLICATION_NAME,
      ])
    ).rows.map((r) => r.pid);
  // Said from the maintenance database: PostgreSQL will not close the one it is connected to.
  const allowConnections = async (allow: boolean): Promise<void> => {
    const name = new URL(app.databaseUrl).pathname.slice(1);
    await maintenance.query(`alter database "${name}" with allow_connections ${allow}`);
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: app.databaseUrl });
    maintenance = new pg.Client({ connectionString: inject('dbAdminUrl') });
    for (const client of [admin, maintenance]) {
      client.on('error', () => {});
      await client.connect();
    }
  });
  afterAll(async () => {
    await allowConnections(true);
    await Promise.all([admin.end(), maintenance.end()]);
  });

  it('should reconnect, LISTEN again, replay what was committed meanwhile, and deliver live again', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const c = liveClient(app, await app.token(s.owner.uid));
    const changes = c.subscribe<{ ticketStatusChanged: { to: string } }>(CHANGES, { t: id });
    await eventually(() => app.live.metrics.subscriptions === 1);
    const [pid] = await listeners();
    expect(pid).toBeTypeOf('number');

    // Keep it down for a while: no new connection to this database (the pool's open ones still work).
    await allowConnections(false);
    const { rows } = await admin.query<{ done: boolean }>('select pg_terminate_backend($1) as done', [pid]);
    expect(rows[0].done).toBe(true);
    await eventually(async () => (await listeners()).length === 0, 5000, 'the listener to be gone');
    ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: id }, 'id'));
    expect(app.live.metrics.busReconnects).toBe(0);

    await allowConnections(true);
    await eventually(() => app.live.metrics.busReconnects === 1, 10_000, 'the listener to reconnect');
    const [again] = await listeners();
    expect(again).not.toBe(pid);
    // The change committed while nobody listened arrives by replay...
    expect((await changes.waitFor(1)).map((p) => p.ticketStatusChanged.to)).toEqual(['IN_PROGRESS']);
    expect(app.live.metrics.replayed).toBeGreaterThanOrEqual(1);
    // ...and new ones flow through the new LISTEN.
    ok(await callAction(app, s.manager.uid, 'freeTicket', { ticketId: id }, 'id'));
    expect((await changes.waitFor(2)).map((p) => p.ticketStatusChanged.to)).toEqual(['IN_PROGRESS', 'FREE']);
    await c.dispose();
  });
});
