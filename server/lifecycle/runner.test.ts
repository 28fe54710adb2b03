import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketChange } from '../events/ticket-events.js';
import { fileTicket, makeScene, type Scene } from '../../test/factories.js';
import { ok, startTestApp, type TestApp } from '../../test/harness.js';
import { callAction } from '../../test/actions.js';

/** What the runner records for any declaration: the staff's silence, carried to the entry and to the hooks. */
describe('the action runner', () => {
  let app: TestApp;
  let s: Scene;
  const committed: TicketChange[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    s = await makeScene(app);
    app.events.onAfterCommit((change) => {
      committed.push(change);
    });
  });
  afterAll(() => app.stop());

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
});
