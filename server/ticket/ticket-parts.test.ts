import { readFile } from 'node:fs/promises';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { infoAt } from '../../test/resolve-info.js';
import { connectionParts, listParts, type TicketPart } from './ticket-parts.js';

/** The parts, in a stable order, for comparing. */
const sorted = (parts: ReadonlySet<TicketPart>): TicketPart[] => [...parts].sort();

describe('ticket parts from a query (the committed schema)', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = buildSchema(await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8'));
  });

  const ofList = async (query: string): Promise<TicketPart[]> => sorted(connectionParts(await infoAt(schema, 'Query.tickets', query)));

  it.each([
    ['id subject status', '{ tickets { edges { node { id subject status } } } }', []],
    ['owner and manager', '{ tickets { edges { node { id owner { displayName } manager { displayName } } } } }', ['manager', 'owner']],
    [
      "R1's columns",
      '{ tickets(first: 25) { edges { node { id number subject status priority lastActivityAt owner { displayName } category { path } manager { displayName } } } } }',
      ['category', 'manager', 'owner'],
    ],
    ['the department', '{ tickets { edges { node { department { label } } } } }', ['department']],
    [
      'allowedActions (the department says how long a ticket may reopen)',
      '{ tickets { edges { node { allowedActions } } } }',
      ['department'],
    ],
    ["the category's department", '{ tickets { edges { node { category { department { code } } } } } }', ['category', 'department']],
    [
      'the creator, invitees, watchers (their own loaders)',
      '{ tickets { edges { node { creator { uid } invitees { uid } watchers { uid } } } } }',
      [],
    ],
    ['only the count and the cursors', '{ tickets { totalCount pageInfo { endCursor } edges { cursor } } }', []],
  ])('should need for %s: %j', async (_label, query, parts) => {
    expect(await ofList(query)).toEqual(parts);
  });

  it("should follow the portlet's fragments, on the edge and on the ticket", async () => {
    const query = `query { tickets { ...Page } }
      fragment Page on TicketConnection { edges { ... on TicketEdge { node { ...Summary } } } }
      fragment Summary on Ticket { id ... on Ticket { owner { id } } ...People }
      fragment People on Ticket { manager { uid } }`;
    expect(await ofList(query)).toEqual(['manager', 'owner']);
  });

  it('should read the fields whatever their aliases', async () => {
    expect(await ofList('{ tickets { rows: edges { row: node { who: owner { id } where: category { id } } } } }')).toEqual([
      'category',
      'owner',
    ]);
  });

  it('should not count what a nested list of tickets asks (ownerRecentTickets reads its own)', async () => {
    expect(await ofList('{ tickets { edges { node { id ownerRecentTickets { owner { id } category { id } } } } } }')).toEqual([]);
  });

  it("should read ownerRecentTickets' own selection for its list", async () => {
    const query = 'query($id: ID!) { ticket(id: $id) { owner { id } ownerRecentTickets { id manager { uid } } } }';
    const info = await infoAt(schema, 'Ticket.ownerRecentTickets', query, { id: '1' });
    expect(sorted(listParts(info))).toEqual(['manager']);
  });
});
