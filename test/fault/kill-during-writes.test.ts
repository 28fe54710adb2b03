import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, tail, type ServerProcess } from '../processes.js';
import { ask, cloneDatabase, devToken, FAULT_SERVER_ENV, type Seen } from './fault-env.js';

// The server killed with `kill -9` while people file tickets: a ticket and its CREATED entry are
// written in one transaction, so none may exist without the other, and a new process serves at once.

const WRITERS = ['alice', 'bob', 'gestionnaire', 'superviseur'];

describe('kill -9 during ticket creations', () => {
  let database: Awaited<ReturnType<typeof cloneDatabase>>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await cloneDatabase();
    server = await spawnServer({ ...FAULT_SERVER_ENV, DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await server?.kill();
    await database.drop();
  });

  it('should leave no ticket without its history, and the restarted server should serve', async () => {
    const base = server!.url;
    const tokens = await Promise.all(WRITERS.map((uid) => devToken(base, uid)));
    const categories = await ask(base, tokens[0], '{ categories { id } }');
    const categoryId = (categories.data as { categories: { id: string }[] }).categories[0].id;
    const create = 'mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }';

    const seen: Seen[] = [];
    let writing = true;
    const writers = tokens.map(async (token, w) => {
      for (let n = 0; writing; n++) {
        const answer = await ask(base, token, create, {
          i: { categoryId, subject: `Panne ${w}-${n}`, message: '<p>Le wifi ne marche plus.</p>' },
        });
        seen.push(answer);
        if (answer.status === 0) return; // the server is gone
      }
    });
    // Kill in the middle of the burst, once some creations are through.
    while (seen.filter((s) => s.status === 200).length < 20) await sleep(20);
    await server!.kill();
    writing = false;
    await Promise.all(writers);

    const created = seen.filter((s) => s.status === 200).map((s) => (s.data as { createTicket: { id: string } }).createTicket.id);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const orphans = await client.query(
        `select t.id from ticket t where not exists (select 1 from ticket_event e where e.ticket_id = t.id and e.type = 'CREATED')`,
      );
      expect(orphans.rows).toEqual([]);
      // Every creation a client was told about is there (the kill may add unanswered ones, whole).
      const stored = await client.query<{ id: number }>('select id from ticket');
      const ids = new Set(stored.rows.map((r) => String(r.id)));
      expect(created.filter((id) => !ids.has(id))).toEqual([]);
      // The status still equals the last entry's, for every ticket.
      const drift = await client.query(`select t.id from ticket t where t.status <> (
          select e.status_after from ticket_event e where e.ticket_id = t.id order by e.id desc limit 1)`);
      expect(drift.rows).toEqual([]);
      console.log(`[kill-during-writes] ${created.length} creations answered before the kill, ${stored.rowCount} tickets stored`);
    } finally {
      await client.end();
    }

    server = await spawnServer({ ...FAULT_SERVER_ENV, DATABASE_URL: database.url });
    // Dev tokens are signed by a key each process makes at start: ask the new one.
    const token = await devToken(server.url, WRITERS[0]);
    const after = await ask(server.url, token, create, {
      i: { categoryId, subject: 'Après le redémarrage', message: '<p>Encore là ?</p>' },
    });
    expect(after.status, tail(server.output())).toBe(200);
    const mine = await ask(server.url, token, '{ tickets(filter: { involvement: OWNER }, first: 1) { totalCount } }');
    expect((mine.data as { tickets: { totalCount: number } }).tickets.totalCount).toBeGreaterThan(0);
  }, 60_000);
});
