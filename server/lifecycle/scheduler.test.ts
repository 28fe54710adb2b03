import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fileTicket, makeScene } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { runDueTimers } from './scheduler.js';

/** The scheduler's two actions (recall at the recall date, expiry of undisputed closures), run directly. */

interface TicketRow {
  status: string;
  manager_id: number | null;
  recall_at: Date | null;
  closure_requested_at: Date | null;
  ended_at: Date | null;
  version: number;
}
interface EventRow {
  type: string;
  actor_id: number | null;
  status_before: string | null;
  status_after: string;
}

const DAY = 86_400_000;

describe('runDueTimers', () => {
  const app = useTestApp();
  const s = useScene(app);

  const mutate = async (uid: string, mutation: string, vars: Record<string, unknown>): Promise<void> => {
    const decl = ['$id: ID!', mutation.includes('$m') ? '$m: String!' : '', mutation.includes('$u') ? '$u: DateTime!' : '']
      .filter(Boolean)
      .join(', ');
    const defaults = {
      ...(mutation.includes('$m') ? { m: 'x' } : {}),
      ...(mutation.includes('$u') ? { u: new Date(Date.now() + DAY).toISOString() } : {}),
    };
    ok(await app.gql(uid, `mutation(${decl}) { ${mutation} { id } }`, { ...defaults, ...vars }));
  };
  async function postponed(): Promise<number> {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    await mutate(s.manager.uid, 'takeTicket(ticketId: $id)', { id });
    await mutate(s.manager.uid, 'postponeTicket(ticketId: $id, until: $u, message: $m)', { id });
    return Number(id);
  }
  async function closed(scene = s): Promise<number> {
    const id = await fileTicket(app, scene.owner.uid, scene.category.id);
    await mutate(scene.manager.uid, 'takeTicket(ticketId: $id)', { id });
    await mutate(scene.manager.uid, 'requestClosure(ticketId: $id, message: $m)', { id });
    return Number(id);
  }
  const sql = (query: string, params: unknown[] = []): Promise<unknown> => app.em().execute(query, params);
  async function ticket(id: number): Promise<TicketRow> {
    const [row] = await app
      .em()
      .execute<TicketRow[]>('select status, manager_id, recall_at, closure_requested_at, ended_at, version from ticket where id = ?', [id]);
    return row;
  }
  const events = (id: number): Promise<EventRow[]> =>
    app
      .em()
      .execute<EventRow[]>('select type, actor_id, status_before, status_after from ticket_event where ticket_id = ? order by id', [id]);
  const run = (now = new Date()): ReturnType<typeof runDueTimers> => runDueTimers(app.orm.em, app.hooks, now);

  it('should recall a POSTPONED ticket whose recall date has passed, as nobody, and clear the recall date', async () => {
    const id = await postponed();
    await sql(`update ticket set recall_at = now() - interval '1 hour' where id = ?`, [id]);
    const before = await events(id);
    const pass = await run();
    expect(pass.recalled).toBeGreaterThanOrEqual(1);
    expect(await ticket(id)).toMatchObject({ status: 'IN_PROGRESS', manager_id: s.manager.id, recall_at: null });
    expect(await events(id)).toEqual([
      ...before,
      { type: 'RECALLED', actor_id: null, status_before: 'POSTPONED', status_after: 'IN_PROGRESS' },
    ]);
    // A second pass finds nothing left to do for it.
    await run();
    expect(await events(id)).toHaveLength(before.length + 1);
  });

  it('should leave a POSTPONED ticket whose recall date is still ahead', async () => {
    const id = await postponed();
    const before = await ticket(id);
    const history = await events(id);
    await run();
    expect(await ticket(id)).toEqual(before);
    expect(await events(id)).toEqual(history);
    // The same ticket is due once the clock passes its recall date.
    const pass = await run(new Date(Date.now() + 2 * DAY));
    expect(pass.recalled).toBe(1);
    expect((await ticket(id)).status).toBe('IN_PROGRESS');
  });

  it("should expire a CLOSED ticket whose closure request is older than the department's expireDays", async () => {
    const id = await closed();
    await sql(`update ticket set closure_requested_at = now() - interval '15 days' where id = ?`, [id]);
    const before = await events(id);
    const pass = await run();
    expect(pass.expired).toBe(1);
    const row = await ticket(id);
    expect(row.status).toBe('EXPIRED');
    expect(row.ended_at).not.toBeNull();
    expect(await events(id)).toEqual([...before, { type: 'EXPIRED', actor_id: null, status_before: 'CLOSED', status_after: 'EXPIRED' }]);
  });

  it('should not expire a closure requested more recently than expireDays', async () => {
    const id = await closed();
    await sql(`update ticket set closure_requested_at = now() - interval '13 days' where id = ?`, [id]);
    const before = await ticket(id);
    const history = await events(id);
    const pass = await run();
    expect(pass.expired).toBe(0);
    expect(await ticket(id)).toEqual(before);
    expect(await events(id)).toEqual(history);
  });

  it("should follow each department's own expireDays", async () => {
    const quick = await makeScene(app, { expireDays: 3 });
    const due = await closed(quick);
    const early = await closed(quick);
    const elsewhere = await closed();
    await sql(`update ticket set closure_requested_at = now() - interval '4 days' where id = ?`, [due]);
    await sql(`update ticket set closure_requested_at = now() - interval '2 days' where id = ?`, [early]);
    await sql(`update ticket set closure_requested_at = now() - interval '4 days' where id = ?`, [elsewhere]);
    expect(await run()).toEqual({ recalled: 0, expired: 1 });
    expect([(await ticket(due)).status, (await ticket(early)).status, (await ticket(elsewhere)).status]).toEqual([
      'EXPIRED',
      'CLOSED',
      'CLOSED',
    ]);
  });

  it('should leave tickets in other statuses alone even with stale recall or closure dates', async () => {
    const id = await postponed();
    await mutate(s.manager.uid, 'recallTicket(ticketId: $id)', { id: String(id) });
    await sql(`update ticket set recall_at = now() - interval '1 day', closure_requested_at = now() - interval '60 days' where id = ?`, [
      id,
    ]);
    const history = await events(id);
    expect(await run()).toEqual({ recalled: 0, expired: 0 });
    expect((await ticket(id)).status).toBe('IN_PROGRESS');
    expect(await events(id)).toEqual(history);
  });

  describe('a ticket changed between the due query and its lock', () => {
    /**
     * Holds the ticket's row lock in another session, lets the pass find the ticket due and block on
     * the lock, applies `change` in that session, commits, and returns what the pass did.
     */
    async function raceWith(id: number, change: (client: pg.Client) => Promise<void>): ReturnType<typeof runDueTimers> {
      const client = new pg.Client({ connectionString: app.databaseUrl });
      await client.connect();
      try {
        await client.query('begin');
        await client.query('select id from ticket where id = $1 for update', [id]);
        const pass = run();
        const deadline = Date.now() + 10_000;
        for (;;) {
          const waiting = await client.query<{ n: string }>(
            `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          );
          if (Number(waiting.rows[0].n) > 0) break;
          if (Date.now() > deadline) throw new Error('the timer pass never waited for the ticket lock');
          await new Promise((r) => setTimeout(r, 20));
        }
        await change(client);
        await client.query('commit');
        return await pass;
      } finally {
        await client.end();
      }
    }

    it('should skip a due POSTPONED ticket that was recalled meanwhile', async () => {
      const id = await postponed();
      await sql(`update ticket set recall_at = now() - interval '1 hour' where id = ?`, [id]);
      const history = await events(id);
      const pass = await raceWith(id, async (c) => {
        await c.query(`update ticket set status = 'IN_PROGRESS', recall_at = null, version = version + 1 where id = $1`, [id]);
      });
      expect(pass.recalled).toBe(0);
      expect((await ticket(id)).status).toBe('IN_PROGRESS');
      expect(await events(id)).toEqual(history);
    });

    it('should skip a due CLOSED ticket whose closure was approved meanwhile', async () => {
      const id = await closed();
      await sql(`update ticket set closure_requested_at = now() - interval '20 days' where id = ?`, [id]);
      const history = await events(id);
      const pass = await raceWith(id, async (c) => {
        await c.query(`update ticket set status = 'APPROVED', ended_at = now(), version = version + 1 where id = $1`, [id]);
      });
      expect(pass.expired).toBe(0);
      expect((await ticket(id)).status).toBe('APPROVED');
      expect(await events(id)).toEqual(history);
    });

    it('should not recall a ticket postponed again to a later date meanwhile', async () => {
      const id = await postponed();
      await sql(`update ticket set recall_at = now() - interval '1 hour' where id = ?`, [id]);
      const history = await events(id);
      const pass = await raceWith(id, async (c) => {
        await c.query(`update ticket set recall_at = now() + interval '3 days', version = version + 1 where id = $1`, [id]);
      });
      expect(pass.recalled).toBe(0);
      expect(await ticket(id)).toMatchObject({ status: 'POSTPONED' });
      expect(await events(id)).toEqual(history);
    });

    it('should not expire a closure that was refused and requested again meanwhile', async () => {
      const id = await closed();
      await sql(`update ticket set closure_requested_at = now() - interval '20 days' where id = ?`, [id]);
      const history = await events(id);
      const pass = await raceWith(id, async (c) => {
        await c.query(`update ticket set closure_requested_at = now(), version = version + 1 where id = $1`, [id]);
      });
      expect(pass.expired).toBe(0);
      expect((await ticket(id)).status).toBe('CLOSED');
      expect(await events(id)).toEqual(history);
    });
  });
});
