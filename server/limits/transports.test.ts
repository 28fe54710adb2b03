import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileTicket, makeCategory } from '../../test/factories.js';
import { useScene, useTestApp } from '../../test/fixture.js';
import { eventually, liveClient, type LiveClient } from '../../test/live-client.js';

/** An error as both transports carry it, locations aside. */
interface Refusal {
  message: string;
  extensions?: Record<string, unknown>;
}

const many = (n: number, make: (i: number) => string): string => Array.from({ length: n }, (_, i) => make(i)).join(' ');
const nested = (field: string, levels: number, leaf: string): string => `${`${field} { `.repeat(levels)}${leaf}${' }'.repeat(levels)}`;

/**
 * Issue 15: a subscription used to skip the cost limit and the parser's token limit, and its limit
 * refusals said BAD_USER_INPUT where HTTP says GRAPHQL_VALIDATION_FAILED. Each document here is sent
 * as a query over HTTP and as its subscription twin over WebSocket (the same selection under
 * `ticket(id)` and `ticketUpdated(ticketId)`): both must be refused alike.
 */
describe('the same limits over HTTP and WebSocket', () => {
  const app = useTestApp();
  const s = useScene(app);
  let ticketId: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    // 32 categories in the department (the scene made 2), before the first request reads the catalogue's sizes.
    for (let i = 0; i < 30; i++) await makeCategory(app.em(), s.department);
    ticketId = await fileTicket(app, s.owner.uid, s.category.id);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });

  const overHttp = async (selection: string): Promise<{ status: number; errors: Refusal[] }> => {
    const result = await app.gql(s.owner.uid, `query($t: ID!) { ticket(id: $t) { ${selection} } }`, { t: ticketId });
    return { status: result.status, errors: (result.errors ?? []).map(({ message, extensions }) => ({ message, extensions })) };
  };
  const overWebSocket = async (selection: string): Promise<Refusal[]> => {
    const client = liveClient(app, await app.token(s.owner.uid));
    clients.push(client);
    const received = client.subscribe(`subscription($t: ID!) { ticketUpdated(ticketId: $t) { ${selection} } }`, { t: ticketId });
    await received.ended;
    return received.errors.map(({ message, extensions }) => ({ message, extensions }));
  };

  const twins: [string, string, RegExp][] = [
    [
      'three levels of categories under a department of 32 (32,768 rows)',
      'category { department { categories { department { categories { department { categories { id } } } } } } }',
      /^Query cost limit of 50000 exceeded/,
    ],
    ['a nesting deeper than 12', nested('ownerRecentTickets', 12, 'id'), /^Query depth limit of 12 exceeded/i],
    ['16 aliases', many(16, (i) => `a${i}: id`), /^Aliases limit of 15 exceeded, found 16\.$/],
    ['21 directives', many(21, () => 'id @skip(if: false)'), /^Directives limit of 20 exceeded, found 21\.$/],
    ['2,000 tokens', '__typename '.repeat(2000), /^The query document has more than 2000 tokens$/],
  ];

  it.each(twins)('should refuse %s over WebSocket exactly as over HTTP', async (_label, selection, message) => {
    const http = await overHttp(selection);
    expect(http.status).toBe(400);
    expect(http.errors.map((e) => e.extensions)).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED' }]);
    expect(http.errors[0].message).toMatch(message);
    expect(await overWebSocket(selection)).toEqual(http.errors);
  });

  it('should serve a subscription within the limits, two levels of the same catalogue included', async () => {
    const client = liveClient(app, await app.token(s.owner.uid));
    clients.push(client);
    const before = app.live.metrics.subscriptions;
    const selection = 'id category { department { categories { department { categories { id } } } } }';
    const received = client.subscribe(`subscription($t: ID!) { ticketUpdated(ticketId: $t) { ${selection} } }`, { t: ticketId });
    await eventually(() => app.live.metrics.subscriptions === before + 1, 3000, 'the subscription');
    expect(received.errors).toEqual([]);
    expect((await overHttp(selection)).errors).toEqual([]);
  });
});
