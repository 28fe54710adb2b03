import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_GRACE_MS, deadlineOptions } from '../../server/db/deadline.js';
import { openOrm } from '../../server/db/orm.js';
import { isUnavailable } from '../../server/errors.js';
import { ActionTransaction } from '../../server/lifecycle/transaction.js';
import { spawnServer, tail, type ServerProcess } from '../processes.js';
import { ask, devToken, FAULT_SERVER_ENV, type Seen } from './fault-env.js';
import { startFreezableCluster, type FreezableCluster } from './frozen-cluster.js';

// PostgreSQL stopped, not dead (SIGSTOP on every process of the test's own cluster): connections stay
// open and nothing answers. Requests must still end, and what their clients were told must hold.

const TIMEOUT_SECONDS = 2;
// The client's deadline is the server's statement_timeout plus a grace; the margin covers the rest of the request.
const ANSWER_WITHIN_MS = TIMEOUT_SECONDS * 1000 + DEADLINE_GRACE_MS + 1000;

describe('PostgreSQL frozen (SIGSTOP)', () => {
  let cluster: FreezableCluster;
  let server: ServerProcess | undefined;
  let token: string;
  let ticketId: string;
  let admin: pg.Client;

  beforeAll(async () => {
    cluster = await startFreezableCluster();
    admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    server = await spawnServer({ ...FAULT_SERVER_ENV, DATABASE_URL: cluster.url, DB_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
    token = await devToken(server.url, 'alice');
    const categories = await ask(server.url, token, '{ categories { id } }');
    const categoryId = (categories.data as { categories: { id: string }[] }).categories[0].id;
    const created = await ask(server.url, token, 'mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }', {
      i: { categoryId, subject: 'Imprimante', message: '<p>Elle ne répond plus.</p>' },
    });
    ticketId = (created.data as { createTicket: { id: string } }).createTicket.id;
  }, 120_000);

  afterAll(async () => {
    cluster.thaw();
    await server?.kill();
    await admin.end();
    await cluster.remove();
  });

  const context = (): string => `server output:\n${tail(server!.output())}`;
  const comment = (message: string): Promise<Seen> =>
    ask(server!.url, token, 'mutation($t: ID!, $m: String!) { addComment(ticketId: $t, message: $m) { id } }', {
      t: ticketId,
      m: `<p>${message}</p>`,
    });
  const stored = async (message: string): Promise<number> =>
    Number((await admin.query<{ n: string }>('select count(*) as n from ticket_event where message like $1', [`%${message}%`])).rows[0].n);

  /** Thaws, then waits until the server serves a read again (the cut transactions are settled by then). */
  async function thawAndHeal(): Promise<void> {
    cluster.thaw();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await ask(server!.url, token, '{ tickets(first: 1) { totalCount } }')).status;
      if (status !== 200) await sleep(100);
    }
    expect(status, context()).toBe(200);
  }

  it('should answer a query 503 UNAVAILABLE within DB_TIMEOUT_SECONDS and /readyz 503 within 2 s, then serve again', async () => {
    const query = '{ tickets(first: 5) { totalCount edges { node { id subject } } } }';
    expect((await ask(server!.url, token, query)).status).toBe(200);
    await cluster.freeze();
    try {
      const readyStart = performance.now();
      const [answer, ready] = await Promise.all([
        ask(server!.url, token, query),
        fetch(`${server!.url}/readyz`, { signal: AbortSignal.timeout(30_000) }).then((res) => ({
          status: res.status,
          ms: performance.now() - readyStart,
        })),
      ]);
      expect({ status: answer.status, code: answer.code, retryAfter: answer.retryAfter }, context()).toEqual({
        status: 503,
        code: 'UNAVAILABLE',
        retryAfter: '5',
      });
      expect(answer.endedAt - answer.startedAt).toBeLessThan(ANSWER_WITHIN_MS);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(2000);
      console.log(
        `[frozen-postgres] query answered 503 in ${Math.round(answer.endedAt - answer.startedAt)} ms, /readyz in ${Math.round(ready.ms)} ms`,
      );
    } finally {
      await thawAndHeal();
    }
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);
  }, 60_000);

  it('should answer 503 to a comment cut off by the freeze and never commit it after the thaw', async () => {
    await cluster.freeze();
    let cut: Seen;
    try {
      cut = await comment('coupé-par-le-gel');
    } finally {
      await thawAndHeal();
    }
    expect({ status: cut.status, code: cut.code }, context()).toEqual({ status: 503, code: 'UNAVAILABLE' });
    expect(cut.endedAt - cut.startedAt).toBeLessThan(ANSWER_WITHIN_MS);
    expect((await comment('après-le-gel')).status).toBe(200);
    expect(await stored('après-le-gel')).toBe(1);
    expect(await stored('coupé-par-le-gel')).toBe(0);
  }, 60_000);

  it('should answer 503 UNAVAILABLE to a comment that waits on a row lock longer than DB_TIMEOUT_SECONDS', async () => {
    // PostgreSQL is up here: its own statement_timeout cancels the wait (57014), which reads as an outage too.
    await admin.query('begin');
    try {
      await admin.query('select 1 from ticket where id = $1 for update', [ticketId]);
      const waited = await comment('derrière-un-verrou');
      expect({ status: waited.status, code: waited.code }, context()).toEqual({ status: 503, code: 'UNAVAILABLE' });
      expect(waited.endedAt - waited.startedAt).toBeLessThan(ANSWER_WITHIN_MS);
    } finally {
      await admin.query('rollback');
    }
    expect(await stored('derrière-un-verrou')).toBe(0);
  }, 60_000);

  it('should fail, and never commit, an action whose COMMIT reached a stopped server after its statements', async () => {
    const orm = await openOrm(
      cluster.url,
      deadlineOptions(TIMEOUT_SECONDS, () => undefined),
    );
    try {
      await orm.em.getConnection().execute('create table if not exists deadline_probe (note text)');
      const t = await ActionTransaction.begin(orm.em.fork());
      await t.execute(`insert into deadline_probe values ('idle-then-commit')`, []);
      // Stopped while the session waits, idle in its transaction, for the COMMIT that is then sent.
      await cluster.freeze();
      const started = performance.now();
      let failure: unknown;
      try {
        failure = await t.commit().then(
          () => undefined,
          (error: unknown) => error,
        );
      } finally {
        cluster.thaw();
      }
      expect(isUnavailable(failure)).toBe(true);
      expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
      // Time for the resumed session to do whatever it would; the pool gave the dead connection up.
      await sleep(500);
      const [row] = await orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from deadline_probe`);
      expect(Number(row.n)).toBe(0);
    } finally {
      cluster.thaw();
      await orm.close();
    }
  }, 60_000);
});
