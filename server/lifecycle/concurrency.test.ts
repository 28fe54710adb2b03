import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok, type GqlResult } from '../../test/harness.js';

// Concurrent actions on one ticket must serialise (docs/lifecycle.md, "The runner"): the second is judged on the first's
// result, so a race ends with exactly one winner and clean refusals, never a lost update or a 500.
describe('concurrent actions on one ticket', () => {
  const app = useTestApp();
  const s = useScene(app);

  const mutation = (name: string, args = '', vars = ''): string =>
    `mutation($id: ID!${vars}) { ${name}(ticketId: $id${args}) { id status } }`;
  const CANCEL = mutation('cancelTicket');
  const CLOSE = mutation('closeTicket');
  const TAKE = mutation('takeTicket');
  const REQUEST_CLOSURE = mutation('requestClosure', ', message: "<p>Résolu.</p>"');
  const COMMENT = mutation('addComment', ', message: $message', ', $message: String!');

  async function history(ticketId: string): Promise<{ type: string; status_after: string; actor_id: number | null }[]> {
    return app.em().execute('select type, status_after, actor_id from ticket_event where ticket_id = ? order by id', [Number(ticketId)]);
  }

  async function ticketRow(ticketId: string): Promise<{ status: string; manager_id: number | null; version: number }> {
    const [row] = await app
      .em()
      .execute<{ status: string; manager_id: number | null; version: number }[]>(
        'select status, manager_id, version from ticket where id = ?',
        [Number(ticketId)],
      );
    return row;
  }

  /** Splits results into successes and error codes, failing on anything that is neither. */
  function outcome(results: GqlResult[]): { applied: number; codes: unknown[] } {
    for (const r of results) {
      expect(r.status).not.toBe(500);
      expect(errorCode(r)).not.toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(r.errors ?? [])).not.toMatch(/deadlock/i);
    }
    return {
      applied: results.filter((r) => !r.errors?.length && r.data).length,
      codes: results.filter((r) => r.errors?.length).map(errorCode),
    };
  }

  async function expectStatusMatchesLastEntry(ticketId: string): Promise<void> {
    const entries = await history(ticketId);
    expect((await ticketRow(ticketId)).status).toBe(entries.at(-1)!.status_after);
  }

  it('should apply exactly one of 50 conflicting owner actions (25 cancel + 25 close) and refuse the others', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const before = (await history(id)).length;

    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => app.gql(s.owner.uid, i % 2 === 0 ? CANCEL : CLOSE, { id })));

    const { applied, codes } = outcome(results);
    expect(applied).toBe(1);
    expect(codes).toHaveLength(49);
    for (const code of codes) expect(['INVALID_TRANSITION', 'CONFLICT']).toContain(code);
    const entries = await history(id);
    expect(entries).toHaveLength(before + 1);
    expect(['CANCELLED', 'CLOSED_BY_OWNER']).toContain(entries.at(-1)!.type);
    expect(['CANCELLED', 'APPROVED']).toContain(entries.at(-1)!.status_after);
    await expectStatusMatchesLastEntry(id);
  });

  it('should apply exactly one of 50 concurrent closure requests by the ticket manager', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, TAKE, { id }));
    const before = (await history(id)).length;

    const results = await Promise.all(Array.from({ length: 50 }, () => app.gql(s.manager.uid, REQUEST_CLOSURE, { id })));

    const { applied, codes } = outcome(results);
    expect(applied).toBe(1);
    for (const code of codes) expect(['INVALID_TRANSITION', 'CONFLICT']).toContain(code);
    const entries = await history(id);
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({ type: 'CLOSURE_REQUESTED', status_after: 'CLOSED', actor_id: s.manager.id });
    await expectStatusMatchesLastEntry(id);
  });

  it('should give a free ticket to exactly one of two members taking it at the same time', async () => {
    // Several rounds, so both orders of arrival get exercised.
    for (let round = 0; round < 10; round++) {
      const id = await fileTicket(app, s.owner.uid, s.category.id);
      const takers = [s.manager, s.manager2];

      const results = await Promise.all(takers.map((m) => app.gql(m.uid, TAKE, { id })));

      const { applied, codes } = outcome(results);
      expect(applied).toBe(1);
      expect(['FORBIDDEN', 'INVALID_TRANSITION']).toContain(codes[0]);
      const winner = takers[results.findIndex((r) => !r.errors?.length)];
      const taken = (await history(id)).filter((e) => e.type === 'TAKEN');
      expect(taken).toEqual([{ type: 'TAKEN', status_after: 'IN_PROGRESS', actor_id: winner.id }]);
      expect(await ticketRow(id)).toMatchObject({ status: 'IN_PROGRESS', manager_id: winner.id });
      await expectStatusMatchesLastEntry(id);
    }
  });

  it('should accept 20 concurrent comments on one ticket, each with its own entry and version bump', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    ok(await app.gql(s.manager.uid, TAKE, { id }));
    const before = await ticketRow(id);
    const entriesBefore = (await history(id)).length;

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.gql(i % 2 === 0 ? s.owner.uid : s.manager.uid, COMMENT, { id, message: `<p>Commentaire ${i}</p>` }),
      ),
    );

    const { applied, codes } = outcome(results);
    expect(codes).toEqual([]);
    expect(applied).toBe(20);
    const entries = await history(id);
    expect(entries).toHaveLength(entriesBefore + 20);
    expect(entries.slice(entriesBefore).every((e) => e.type === 'COMMENTED' && e.status_after === 'IN_PROGRESS')).toBe(true);
    const after = await ticketRow(id);
    expect(after.version).toBe(before.version + 20);
    expect(after.status).toBe('IN_PROGRESS');
    await expectStatusMatchesLastEntry(id);
  });

  it('should answer a stranger NOT_FOUND at once while another transaction holds the row lock, where a reader waits for it', async () => {
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    const holder = new pg.Client({ connectionString: app.databaseUrl });
    await holder.connect();
    const pause = (ms: number): Promise<'waited'> => new Promise((resolve) => setTimeout(() => resolve('waited'), ms));
    try {
      await holder.query('begin');
      await holder.query('select id from ticket where id = $1 for update', [Number(id)]);

      // A stranger's action is judged before the lock: it neither waits on nor takes the row of a ticket hidden from them.
      const stranger = await Promise.race([app.gql(s.stranger.uid, TAKE, { id }), pause(5000)]);
      expect(stranger).not.toBe('waited');
      expect(errorCode(stranger as GqlResult)).toBe('NOT_FOUND');

      // The control: the owner may read it, so their action waits for the lock like any other.
      let answered = false;
      const owner = app.gql(s.owner.uid, CANCEL, { id }).then((r) => {
        answered = true;
        return r;
      });
      await pause(500);
      expect(answered).toBe(false);
      await holder.query('rollback');
      expect(ok(await owner)).toBeTruthy();
    } finally {
      await holder.end();
    }
  });
});
