import { beforeAll, describe, expect, it } from 'vitest';
import type { TicketChange } from '../hooks/ticket-hooks.js';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { ok } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';
import { countingQueries } from '../../test/statements.js';

/** What the runner records for any declaration: the staff's silence, carried to the entry and to the hooks. */
describe('the action runner', () => {
  const app = useTestApp();
  const s = useScene(app);
  const committed: TicketChange[] = [];

  beforeAll(() => {
    app.hooks.onAfterCommit((change) => {
      committed.push(change);
    });
  });

  const silences = async (id: string): Promise<{ type: string; silent: boolean }[]> =>
    app.em().execute('select type, silent from ticket_event where ticket_id = ? order by id', [Number(id)]);

  it('should record a silent action of staff as silent, in the entry and in what the hooks receive, and others not', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: id, silent: true }, 'id'));
    ok(await callAction(app, s.manager.uid, 'requestInformation', { ticketId: id, message: 'Quel navigateur ?', silent: false }, 'id'));
    ok(await callAction(app, s.owner.uid, 'addComment', { ticketId: id, message: 'Firefox' }, 'id'));

    expect(await silences(id)).toEqual([
      { type: 'CREATED', silent: false },
      { type: 'TAKEN', silent: true },
      { type: 'INFORMATION_REQUESTED', silent: false },
      { type: 'INFORMATION_GIVEN', silent: false },
    ]);
    const mine = committed.filter((c) => c.ticketId === Number(id));
    expect(mine.map((c) => [c.type, c.silent])).toEqual([
      ['CREATED', false],
      ['TAKEN', true],
      ['INFORMATION_REQUESTED', false],
      ['INFORMATION_GIVEN', false],
    ]);
  });

  it('should store a message with question marks, backslashes and dollar signs exactly as written', async () => {
    // The runner sends its statements formatted, without bindings: nothing may read a `?` or `$1` in a value as a placeholder.
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const message = '<p>Pourquoi ? Et \\? ou ?? puis $1 et \\\\?</p>';
    ok(await callAction(app, s.owner.uid, 'addComment', { ticketId: id, message }, 'id'));
    const stored = await app
      .em()
      .execute<{ message: string }[]>(`select message from ticket_event where ticket_id = ? and type = 'COMMENTED'`, [Number(id)]);
    expect(stored).toEqual([{ message }]);
  });

  it('should change a status with one read check, then a transaction of the lock with its facts and the entry with the row', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await callAction(app, s.manager.uid, 'takeTicket', { ticketId: id }, 'id'));
    ok(await callAction(app, s.manager.uid, 'requestInformation', { ticketId: id, message: 'Quelle version ?' }, 'id'));
    const { result, statements } = await countingQueries(
      () => callAction<{ status: string }>(app, s.owner.uid, 'addComment', { ticketId: id, message: 'La dernière' }, 'status'),
      app,
    );
    expect(ok(result).r.status).toBe('IN_PROGRESS');
    const begin = statements.findIndex((q) => /^begin/i.test(q));
    const inTransaction = statements.slice(begin, statements.findIndex((q) => /^commit/i.test(q)) + 1);
    expect(statements[begin - 1]).toMatch(/^select 1 as readable from ticket/);
    expect(inTransaction.map((q) => q.split(/\s+/).slice(0, 2).join(' ').toLowerCase())).toEqual([
      'begin;',
      'select t.*,',
      'with entry',
      'commit;',
    ]);
    expect(inTransaction[1]).toMatch(/for update of t$/);
    // Bound parameters of a named prepared statement (db/prepared.ts), never values in the text.
    expect(inTransaction[2]).toMatch(/update ticket set status = \$\d+/);
  });
});
