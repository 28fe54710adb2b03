import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  getNamedType,
  isCompositeType,
  isObjectType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppSchema } from '../schema.js';
import { declaredBound, isListField, type ListSize } from './list-bounds.js';
import { operationCost, rootFieldCount } from './query-cost.js';

// A large university's catalogue: 30 departments of up to 32 categories; files of the default FILES_PER_REQUEST.
const SIZES: Record<ListSize, number> = {
  departments: 30,
  categories: 500,
  faqs: 200,
  categoriesPerDepartment: 32,
  childrenPerCategory: 10,
  membersPerDepartment: 40,
  categoriesPerMember: 10,
  faqsPerCategory: 20,
  filesPerEntry: 5,
  changesPerEntry: 16,
};

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

function cost(source: string, variables?: Record<string, unknown>, limit = Number.MAX_SAFE_INTEGER, sizes = SIZES): number {
  return operationCost({ schema, ...parts(source), variables, sizes, limit });
}

describe('operationCost', () => {
  it('should count every field once outside lists', () => {
    expect(cost('{ me { uid displayName } }')).toBe(3);
    expect(cost('{ me { __typename uid } }')).toBe(3);
  });

  it('should count a list page as first × its selection, the edges being that page', () => {
    // tickets: 1 + 100 × (totalCount 1 + edges (1 + the edge's row 1 + node (1 + id 1)))
    expect(cost('{ tickets(first: 100) { totalCount edges { node { id } } } }')).toBe(1 + 100 * (1 + 1 + 1 + 2));
    expect(cost('{ tickets(first: 5) { edges { node { id } } } }')).toBe(1 + 5 * 4);
  });

  it('should read first from its variable, then the variable default, then the argument default (20)', () => {
    const list = 'query($n: Int) { tickets(first: $n) { edges { node { id } } } }';
    expect(cost(list, { n: 50 })).toBe(1 + 50 * 4);
    expect(cost('query($n: Int = 7) { tickets(first: $n) { edges { node { id } } } }', {})).toBe(1 + 7 * 4);
    expect(cost(list, {})).toBe(1 + 20 * 4);
    expect(cost('{ tickets { edges { node { id } } } }')).toBe(1 + 20 * 4);
    expect(cost(list, { n: 'many' })).toBe(1 + 20 * 4);
  });

  it('should multiply lists under lists by their declared bounds (ownerRecentTickets: 10 under every ticket)', () => {
    const one = cost('{ tickets(first: 100) { edges { node { ownerRecentTickets { id } } } } }');
    expect(one).toBe(1 + 100 * (1 + 1 + 1 + (1 + 10 * (1 + 1))));
    const nested = '{ tickets(first: 100) { edges { node { ownerRecentTickets { ownerRecentTickets { ownerRecentTickets { id } } } } } } }';
    expect(cost(nested)).toBeGreaterThan(100 * 10 ** 3);
  });

  it('should count a catalogue list at the size the database reports, each row 1 besides its fields', () => {
    expect(cost('{ departments { categories { id } } }')).toBe(1 + 30 * (1 + 1 + 32 * (1 + 1)));
    expect(cost('{ departments { categories { id } } }', undefined, undefined, { ...SIZES, categoriesPerDepartment: 3 })).toBe(
      1 + 30 * (1 + 1 + 3 * (1 + 1)),
    );
    expect(cost('{ categories { children { id } faqs { id } } }')).toBe(1 + 500 * (1 + 1 + 10 * 2 + 1 + 20 * 2));
  });

  it('should refuse three levels of categories under a department of 32 categories (32,768 rows), but not two', () => {
    const twoLevels = '{ ticket(id: "1") { category { department { categories { department { categories { id } } } } } } }';
    expect(cost(twoLevels)).toBeLessThan(5_000);
    const threeLevels = `{ ticket(id: "1") { category { department {
      categories { department { categories { department { categories { id } } } } } } } } }`;
    expect(cost(threeLevels)).toBeGreaterThan(32 ** 3);
    expect(cost(threeLevels)).toBeGreaterThan(50_000);
    const subscription = `subscription { ticketUpdated(ticketId: "1") { category { department {
      categories { department { categories { department { categories { id } } } } } } } } }`;
    expect(cost(subscription)).toBeGreaterThan(50_000);
  });

  it('should give every list field of the schema a bound: a first argument, a page, or a declared maximum', () => {
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const listOfObjects = isListField(field) && isCompositeType(getNamedType(field.type));
        const bounded =
          declaredBound(field) !== undefined || field.args.some((a) => a.name === 'first') || type.name.endsWith('Connection');
        if (listOfObjects && !bounded) unbounded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unbounded).toEqual([]);
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

  it("should fit every document of the portlet under the default limit (50,000), with a large university's catalogue", () => {
    const dir = path.resolve('portlet/src/graphql/operations');
    const document = parse(
      readdirSync(dir)
        .map((file) => readFileSync(path.join(dir, file), 'utf8'))
        .join('\n'),
    );
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const costs = new Map<string, number>();
    for (const def of document.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      costs.set(def.name!.value, operationCost({ schema, operation: def, fragments, variables: {}, sizes: SIZES, limit: Infinity }));
    }
    expect(costs.size).toBeGreaterThan(20);
    expect([...costs].filter(([, c]) => c > 50_000)).toEqual([]);
  });

  it('should refuse what really is too much: history under a page of 100 tickets, lists nested three levels', () => {
    expect(cost('{ tickets(first: 20) { edges { node { id history { type message actor { uid } } } } } }')).toBeLessThan(50_000);
    expect(cost('{ tickets(first: 100) { edges { node { id history { type message actor { uid } } } } } }')).toBeGreaterThan(50_000);
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
