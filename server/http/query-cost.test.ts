import 'reflect-metadata';
import { Kind, parse, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from '../schema.js';
import { LIST_FAN_OUT, operationCost, rootFieldCount } from './query-cost.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

function parts(source: string): { operation: OperationDefinitionNode; fragments: Map<string, FragmentDefinitionNode> } {
  const document = parse(source);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    if (def.kind === Kind.OPERATION_DEFINITION) operation ??= def;
  }
  return { operation: operation!, fragments };
}

function cost(source: string, variables?: Record<string, unknown>, limit = Number.MAX_SAFE_INTEGER): number {
  return operationCost({ schema, ...parts(source), variables, limit });
}

describe('operationCost', () => {
  it('should count every field once outside lists', () => {
    expect(cost('{ me { uid displayName } }')).toBe(3);
    expect(cost('{ me { __typename uid } }')).toBe(3);
  });

  it('should count a list page as first × its selection, the edges being that page', () => {
    // tickets: 1 + 100 × (totalCount 1 + edges (1 + node (1 + id 1)))
    expect(cost('{ tickets(first: 100) { totalCount edges { node { id } } } }')).toBe(1 + 100 * (1 + 1 + 2));
    expect(cost('{ tickets(first: 5) { edges { node { id } } } }')).toBe(1 + 5 * 3);
  });

  it('should read first from its variable, then the variable default, then the argument default (20)', () => {
    const list = 'query($n: Int) { tickets(first: $n) { edges { node { id } } } }';
    expect(cost(list, { n: 50 })).toBe(1 + 50 * 3);
    expect(cost('query($n: Int = 7) { tickets(first: $n) { edges { node { id } } } }', {})).toBe(1 + 7 * 3);
    expect(cost(list, {})).toBe(1 + 20 * 3);
    expect(cost('{ tickets { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(cost(list, { n: 'many' })).toBe(1 + 20 * 3);
  });

  it('should multiply lists under lists by their fan-out (ownerRecentTickets under every ticket)', () => {
    const one = cost('{ tickets(first: 100) { edges { node { ownerRecentTickets { id } } } } }');
    expect(one).toBe(1 + 100 * (1 + 1 + (1 + LIST_FAN_OUT * 1)));
    const nested = '{ tickets(first: 100) { edges { node { ownerRecentTickets { ownerRecentTickets { ownerRecentTickets { id } } } } } } }';
    expect(cost(nested)).toBeGreaterThan(100 * LIST_FAN_OUT ** 3);
  });

  it('should cost the same whether the selection is written inline or in fragments, however often spread', () => {
    const inline = cost('{ tickets(first: 10) { edges { node { id subject owner { uid } } } } }');
    const spread = cost(`{ tickets(first: 10) { edges { node { ...T } } } }
      fragment T on Ticket { id ...S } fragment S on Ticket { subject owner { uid } }`);
    expect(spread).toBe(inline);
  });

  it('should judge a fragment spread thousands of times in milliseconds', () => {
    const spreads = Array.from({ length: 50 }, () => '...F').join(' ');
    const chain = Array.from({ length: 8 }, (_, i) => `fragment F${i} on Ticket { ${spreads.replaceAll('...F', `...F${i + 1}`)} }`);
    const source = `{ ticket(id: "1") { ...F0 } } ${chain.join(' ')} fragment F8 on Ticket { id }`;
    const started = performance.now();
    // 50^8 spreads if each were walked; memoised, each fragment is counted once.
    expect(cost(source)).toBeGreaterThan(50 ** 8);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('should stop counting once past the limit', () => {
    expect(cost('{ tickets(first: 100) { edges { node { id subject status } } } }', undefined, 10)).toBeLessThan(1000);
  });

  it('should fit a page of 100 with full history under the default limit (50,000), but not three nested levels of lists', () => {
    const full = `id number subject status owner { uid displayName email } creator { uid } manager { uid }
      history { type visibility message } attachments { id } invitees { uid } allowedActions ownerRecentTickets { id }`;
    expect(cost(`{ tickets(first: 100) { totalCount edges { node { ${full} } } } }`)).toBeLessThan(10_000);
    const entries = 'history { type visibility message actor { uid } attachments { filename visibility } }';
    expect(
      cost(`{ tickets(first: 100) { edges { node { id ${entries} attachments { filename } ownerRecentTickets { id } } } } }`),
    ).toBeLessThan(50_000);
    expect(
      cost('{ tickets(first: 100) { edges { node { ownerRecentTickets { ownerRecentTickets { ownerRecentTickets { id } } } } } } }'),
    ).toBeGreaterThan(100_000);
  });
});

describe('rootFieldCount', () => {
  it('should count root fields, aliases, inline fragments and spreads, but not __typename', () => {
    const { operation, fragments } = parts(`mutation { a: watchTicket(ticketId: "1") { id } b: watchTicket(ticketId: "2") { id }
      __typename ... on Mutation { unwatchTicket(ticketId: "1") { id } } ...M }
      fragment M on Mutation { c: watchTicket(ticketId: "3") { id } }`);
    expect(rootFieldCount(operation, fragments)).toBe(4);
  });
});
