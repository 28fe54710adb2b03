import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../test/factories.js';
import { useTestApp } from '../../test/fixture.js';
import { liveClient } from '../../test/live-client.js';

describe('NUL characters in arguments', () => {
  const app = useTestApp();
  beforeAll(async () => {
    await makeUser(app.em(), 'nuluser');
  });

  it.each([
    ['users(search)', 'query($s: String!) { users(search: $s) { uid } }', 'search'],
    ['tickets(filter.search)', 'query($s: String!) { tickets(filter: { search: $s }) { totalCount } }', 'search'],
    ['faqs(search)', 'query($s: String!) { faqs(search: $s) { title } }', 'search'],
    ['categories(filter)', 'query($s: String!) { categories(filter: $s) { path } }', 'filter'],
    ['a literal in a fragment', '{ ...F } fragment F on Query { users(search: "ab\\u0000cd") { uid } }', 'search'],
    ['a variable’s default', 'query($q: String = "ab\\u0000cd") { faqs(search: $q) { title } }', 'search'],
  ])('should refuse a NUL in %s with BAD_USER_INPUT naming the field, not an internal error', async (_name, query, field) => {
    const result = await app.gql('nuluser', query, { s: 'ab\u0000cd' });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    // Refused before it runs, as a request the client must change: 400, never a 500.
    expect(result.status).toBe(400);
  });

  it.each([
    ['an input object', 'query($v: TicketFilter) { tickets(filter: $v) { totalCount } }', ['{"search":', '}']],
    ['a list', 'query($v: [TicketStatus!]) { tickets(filter: { statuses: $v }) { totalCount } }', ['[', ']']],
    ['a mutation’s input', 'mutation($v: UpdateTicketInput!) { updateTicket(ticketId: 1, input: $v) { id } }', ['{"userId":', '}']],
  ])('should answer a variable nested 5,000 deep through %s with 400 BAD_USER_INPUT, not a 500', async (_name, query, [open, close]) => {
    // Written by hand: JSON.stringify itself may run out of stack on such a value.
    const variable = `${open.repeat(5000)}"ab\\u0000cd"${close.repeat(5000)}`;
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token('nuluser')}` },
      body: `{"query":${JSON.stringify(query)},"variables":{"v":${variable}}}`,
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: unknown } }[] };
    expect(res.status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('should refuse a NUL in the arguments of a subscription over WebSocket the same way', async () => {
    const live = liveClient(app, await app.token('nuluser'));
    try {
      const received = live.subscribe('subscription($t: ID) { ticketStatusChanged(ticketId: $t) { to } }', { t: '1\u0000' });
      await received.ended;
      expect(received.errors.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'ticketId' }]);
    } finally {
      await live.dispose();
    }
  });
});
