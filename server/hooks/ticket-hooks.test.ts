import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import type { TicketChange } from './ticket-hooks.js';
import { TicketEventType } from '../model/ticket.enums.js';

describe('side-effect hooks of ticket actions', () => {
  const app = useTestApp();
  const s = useScene(app);
  let failInTransaction = false;
  const seenInTransaction: TicketChange[] = [];
  const committed: { change: TicketChange; visibleOutside: boolean }[] = [];

  beforeAll(() => {
    app.hooks.onInTransaction((_em, change) => {
      seenInTransaction.push(change);
      return failInTransaction ? Promise.reject(new Error('mail queue unavailable')) : Promise.resolve();
    });
    // Reads through a separate connection: only committed work is visible there.
    app.hooks.onAfterCommit(async (change) => {
      const client = new pg.Client({ connectionString: app.databaseUrl });
      await client.connect();
      const rows = await client.query('select 1 from ticket_event where id = $1', [change.eventId]);
      await client.end();
      committed.push({ change, visibleOutside: rows.rowCount === 1 });
    });
  });

  it('should run after-commit hooks once the entry is committed and visible to other connections', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id }));
    const taken = committed.find((c) => c.change.ticketId === Number(id) && c.change.type === TicketEventType.TAKEN);
    expect(taken).toMatchObject({
      visibleOutside: true,
      change: { statusBefore: 'FREE', statusAfter: 'IN_PROGRESS', actorId: s.manager.id },
    });
    expect(committed.filter((c) => c.change.ticketId === Number(id)).map((c) => c.change.type)).toEqual(['CREATED', 'TAKEN']);
  });

  it('should roll the action back, and run no after-commit hook, when an in-transaction hook fails', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const before = committed.length;
    failInTransaction = true;
    try {
      const result = await app.gql(s.manager.uid, 'mutation($id: ID!) { takeTicket(ticketId: $id) { id } }', { id });
      expect(errorCode(result)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result.errors)).not.toContain('mail queue');
    } finally {
      failInTransaction = false;
    }
    expect(seenInTransaction.at(-1)).toMatchObject({ ticketId: Number(id), type: 'TAKEN' });
    expect(committed.length).toBe(before);
    const [row] = await app
      .em()
      .execute<{ status: string; n: string }[]>(
        'select t.status, (select count(*) from ticket_event e where e.ticket_id = t.id) as n from ticket t where t.id = ?',
        [Number(id)],
      );
    expect(row).toEqual({ status: 'FREE', n: '1' });
  });
});
