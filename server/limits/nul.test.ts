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
