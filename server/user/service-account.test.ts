import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startApp } from '../main.js';
import { makeCategory, makeDepartment, fileTicket } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { errorCode, ok, type GqlResult } from '../../test/harness.js';
import { liveClient, settle, type LiveClient } from '../../test/live-client.js';
import { hashServiceKey } from '../auth/service-key.js';

const CREATE_ACCOUNT = `mutation($i: ServiceAccountInput!) { createServiceAccount(input: $i) {
  key account { id name scopes departments { id } expiresAt revokedAt } } }`;
const FILE =
  'mutation($i: CreateTicketInput!) { createTicket(input: $i) { id origin owner { uid } creator { uid } history { type via actor { uid displayName } } } }';
const READ = 'query($id: ID!) { ticket(id: $id) { id subject history { type via actor { displayName } } } }';
const TAKE = 'mutation($id: ID!) { takeTicket(ticketId: $id) { id status history { type via actor { displayName } } } }';
const CHANGES = 'subscription { ticketStatusChanged { to ticket { id } } }';

type Account = { key: string; account: { id: string; name: string } };

/** GraphQL over HTTP with a service key as bearer. */
async function asService<T = Record<string, unknown>>(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) } as GqlResult<T>;
}

describe('service accounts', () => {
  const app = useTestApp();
  const s = useScene(app);
  const clients: LiveClient[] = [];

  const create = async (
    scopes: string[],
    extra: Record<string, unknown> = {},
    departmentIds = [String(s.department.id)],
  ): Promise<Account> =>
    ok(
      await app.gql<{ createServiceAccount: Account }>(s.admin.uid, CREATE_ACCOUNT, {
        i: { name: `Scolarité ${Math.random().toString(36).slice(2, 6)}`, scopes, departmentIds, ...extra },
      }),
    ).createServiceAccount;
  const other = async (): Promise<{ categoryId: number }> => {
    const department = await makeDepartment(app.em());
    return { categoryId: (await makeCategory(app.em(), department)).id };
  };
  const live = (key: string): LiveClient => {
    const client = liveClient(app, key);
    clients.push(client);
    return client;
  };

  it('should let admins only create and list accounts, show the key once and store only its hash', async () => {
    expect(
      errorCode(
        await app.gql(s.manager.uid, CREATE_ACCOUNT, {
          i: { name: 'x', scopes: ['TICKETS_READ'], departmentIds: [String(s.department.id)] },
        }),
      ),
    ).toBe('FORBIDDEN');
    const { key, account } = await create(['TICKETS_READ']);
    expect(key).toMatch(/^hdsk_[A-Za-z0-9_-]{43}$/);
    const listed = ok(await app.gql<{ serviceAccounts: { id: string }[] }>(s.admin.uid, '{ serviceAccounts { id name lastUsedAt } }'));
    expect(listed.serviceAccounts.map((a) => a.id)).toContain(account.id);
    expect(errorCode(await app.gql(s.manager.uid, '{ serviceAccounts { id } }'))).toBe('FORBIDDEN');
    const rows = await app.em().execute<{ key_hash: string }[]>('select key_hash from service_account where id = ?', [Number(account.id)]);
    expect(rows[0].key_hash).toBe(hashServiceKey(key));
    expect(JSON.stringify(rows)).not.toContain(key.slice(5));
    // An account may not manage accounts, whatever its scopes.
    expect(errorCode(await asService(app.url, key, '{ serviceAccounts { id } }'))).toBe('FORBIDDEN');
  });

  it("should file a ticket on a person's behalf in its departments, history naming the person via the account", async () => {
    const { key, account } = await create(['TICKETS_CREATE']);
    const filed = ok(
      await asService<{
        createTicket: { id: string; origin: string; owner: { uid: string }; history: { via: string; actor: { uid: string } }[] };
      }>(app.url, key, FILE, {
        i: { categoryId: String(s.category.id), subject: 'Inscription', message: '<p>Demande transmise</p>', ownerUid: s.owner.uid },
      }),
    ).createTicket;
    expect(filed.owner.uid).toBe(s.owner.uid);
    expect(filed.origin).toBe('API');
    expect(filed.history[0]).toMatchObject({ via: account.name, actor: { uid: s.owner.uid } });
    // The owner reads it, and sees who brought it.
    const seen = ok(await app.gql<{ ticket: { history: { via: string }[] } }>(s.owner.uid, READ, { id: filed.id })).ticket;
    expect(seen.history[0].via).toBe(account.name);
  });

  it("should refuse another department's category (NOT_FOUND), a filing for nobody, and reads without TICKETS_READ (FORBIDDEN)", async () => {
    const { key } = await create(['TICKETS_CREATE']);
    const elsewhere = await other();
    const input = (categoryId: number, ownerUid?: string) => ({
      i: { categoryId: String(categoryId), subject: 'x', message: '<p>x</p>', ownerUid },
    });
    expect(errorCode(await asService(app.url, key, FILE, input(elsewhere.categoryId, s.owner.uid)))).toBe('NOT_FOUND');
    expect(errorCode(await asService(app.url, key, FILE, input(s.category.id)))).toBe('BAD_USER_INPUT');
    const id = await fileTicket(app, s.owner.uid, s.category.id);
    expect(errorCode(await asService(app.url, key, READ, { id }))).toBe('FORBIDDEN');
    expect(errorCode(await asService(app.url, key, TAKE, { id }))).toBe('FORBIDDEN');
    expect(errorCode(await asService(app.url, key, 'mutation { updatePreferences(input: { language: "en" }) { __typename } }'))).toBe(
      'FORBIDDEN',
    );
    const count = await app.em().execute<{ n: number }[]>('select count(*)::int as n from ticket where subject = ?', ['x']);
    expect(count[0].n).toBe(0);
  });

  it("should read and act on its departments' tickets as their staff, and find another department's ticket NOT_FOUND", async () => {
    const { key, account } = await create(['TICKETS_READ', 'TICKETS_ACT']);
    const mine = await fileTicket(app, s.owner.uid, s.category.id);
    const theirs = await fileTicket(app, s.owner.uid, (await other()).categoryId);
    expect(ok(await asService<{ ticket: { id: string } }>(app.url, key, READ, { id: mine })).ticket.id).toBe(mine);
    expect(errorCode(await asService(app.url, key, READ, { id: theirs }))).toBe('NOT_FOUND');
    expect(errorCode(await asService(app.url, key, TAKE, { id: theirs }))).toBe('NOT_FOUND');
    const taken = ok(
      await asService<{ takeTicket: { status: string; history: { type: string; via: string; actor: { displayName: string } }[] } }>(
        app.url,
        key,
        TAKE,
        { id: mine },
      ),
    ).takeTicket;
    expect(taken.status).toBe('IN_PROGRESS');
    expect(taken.history.at(-1)).toMatchObject({ type: 'TAKEN', via: account.name, actor: { displayName: account.name } });
    // Only its departments' tickets are listed.
    const listed = ok(
      await asService<{ tickets: { edges: { node: { id: string } }[] } }>(
        app.url,
        key,
        '{ tickets(first: 100) { edges { node { id } } } }',
      ),
    ).tickets.edges.map((e) => e.node.id);
    expect(listed).toContain(mine);
    expect(listed).not.toContain(theirs);
  });

  it("should follow its departments' status changes and nothing else, and refuse a subscription without TICKETS_SUBSCRIBE", async () => {
    const { key } = await create(['TICKETS_CREATE', 'TICKETS_SUBSCRIBE']);
    const followed = live(key).subscribe<{ ticketStatusChanged: { to: string; ticket: { id: string } } }>(CHANGES);
    const refused = live((await create(['TICKETS_READ'])).key).subscribe(CHANGES);
    await settle();
    const mine = ok(
      await asService<{ createTicket: { id: string } }>(app.url, key, FILE, {
        i: { categoryId: String(s.category.id), subject: 'Suivi', message: '<p>x</p>', ownerUid: s.owner.uid },
      }),
    ).createTicket.id;
    const elsewhere = await other();
    const theirs = await fileTicket(app, s.owner.uid, elsewhere.categoryId);
    ok(await app.gql(s.manager.uid, TAKE, { id: mine }));
    const received = await followed.waitFor(2);
    await settle();
    expect(followed.data.map((d) => d.ticketStatusChanged.ticket.id)).toEqual([mine, mine]);
    expect(received.map((d) => d.ticketStatusChanged.to)).toEqual(['FREE', 'IN_PROGRESS']);
    expect(followed.data.some((d) => d.ticketStatusChanged.ticket.id === theirs)).toBe(false);
    await refused.ended;
    expect(refused.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('should refuse a revoked key at once, and close its open subscriptions', async () => {
    const { key, account } = await create(['TICKETS_READ', 'TICKETS_SUBSCRIBE']);
    const client = live(key);
    client.subscribe(CHANGES);
    await settle();
    expect(ok(await asService<{ me: { uid: string } }>(app.url, key, '{ me { uid } }')).me.uid).toBe(`service:${account.id}`);
    const revoked = ok(
      await app.gql<{ revokeServiceAccount: { revokedAt: string } }>(
        s.admin.uid,
        'mutation($id: ID!) { revokeServiceAccount(id: $id) { revokedAt } }',
        {
          id: account.id,
        },
      ),
    );
    expect(revoked.revokeServiceAccount.revokedAt).toBeTruthy();
    expect((await client.closed).code).toBe(4403);
    const after = await asService(app.url, key, '{ me { uid } }');
    expect(after.status).toBe(401);
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
  });

  it('should refuse an expired key, and close its subscriptions when it expires', async () => {
    const { key, account } = await create(['TICKETS_SUBSCRIBE', 'TICKETS_READ'], { expiresAt: new Date(Date.now() + 1500).toISOString() });
    const client = live(key);
    client.subscribe(CHANGES);
    expect((await client.closed).code).toBe(4403);
    expect(errorCode(await asService(app.url, key, '{ me { uid } }'))).toBe('UNAUTHENTICATED');
    await app.em().execute("update service_account set expires_at = now() - interval '1 second' where id = ?", [Number(account.id)]);
    expect(errorCode(await asService(app.url, key, '{ me { uid } }'))).toBe('UNAUTHENTICATED');
    // A key of the right shape that was never issued answers the same.
    expect(errorCode(await asService(app.url, `hdsk_${'A'.repeat(43)}`, '{ me { uid } }'))).toBe('UNAUTHENTICATED');
  });

  it('should close its subscriptions on another instance when revoked through this one (the live bus)', async () => {
    const b = await startApp(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        TIMER_INTERVAL_SECONDS: '0',
        DATABASE_URL: app.databaseUrl,
      }),
    );
    try {
      const { key, account } = await create(['TICKETS_SUBSCRIBE']);
      const client = liveClient(b, key);
      clients.push(client);
      const received = client.subscribe(CHANGES);
      await settle();
      expect(received.errors).toEqual([]);
      ok(await app.gql(s.admin.uid, 'mutation($id: ID!) { revokeServiceAccount(id: $id) { id } }', { id: account.id }));
      expect((await client.closed).code).toBe(4403);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      await b.stop();
    }
  });
});

describe('service accounts and the rate limit', () => {
  const app = useTestApp({ RATE_LIMIT_USER_PER_MINUTE: '3' });
  const s = useScene(app);

  it('should give each account a budget of its own: one over it is RATE_LIMITED, another goes on', async () => {
    const make = async (): Promise<string> =>
      ok(
        await app.gql<{ createServiceAccount: Account }>(s.admin.uid, CREATE_ACCOUNT, {
          i: { name: 'Formulaires', scopes: ['TICKETS_READ'], departmentIds: [String(s.department.id)] },
        }),
      ).createServiceAccount.key;
    const [one, two] = [await make(), await make()];
    for (let i = 0; i < 3; i++) ok(await asService(app.url, one, '{ me { uid } }'));
    const over = await asService(app.url, one, '{ me { uid } }');
    expect(over.status).toBe(429);
    expect(errorCode(over)).toBe('RATE_LIMITED');
    ok(await asService(app.url, two, '{ me { uid } }'));
  });
});
