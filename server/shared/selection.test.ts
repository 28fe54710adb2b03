import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { infoAt } from '../../test/resolve-info.js';
import { Selection } from './selection.js';

// A connection as Relay writes it, both ways (edges.node and nodes), and an interface for type conditions.
const schema = buildSchema(`
  type Query { items(first: Int): Connection }
  type Connection { edges: [Edge!]! nodes: [Item!]! total: Int }
  type Edge { cursor: String! node: Item! }
  interface Named { name: String }
  type Item implements Named { id: ID! name: String owner: Person tags: [String!]! }
  type Person { id: ID! name: String boss: Person }
`);

const selection = async (query: string, variables?: Record<string, unknown>): Promise<Selection> =>
  Selection.of(await infoAt(schema, 'Query.items', query, variables));

/** The fields of those asked that are selected at that path. */
const picked = (at: Selection, names: string[]): string[] => names.filter((n) => at.has(n));

const ITEM = ['id', 'name', 'owner', 'tags'];

describe('Selection', () => {
  it('should read the fields under edges.node, and not those of another level', async () => {
    const items = await selection('{ items { total edges { cursor node { id owner { name } } } } }');
    expect(picked(items, ['total', 'edges', 'nodes', 'cursor', 'id'])).toEqual(['total', 'edges']);
    expect(picked(items.under('edges'), ['cursor', 'node', 'id'])).toEqual(['cursor', 'node']);
    expect(picked(items.under('edges', 'node'), ITEM)).toEqual(['id', 'owner']);
    expect(picked(items.under('edges', 'node', 'owner'), ['id', 'name', 'boss'])).toEqual(['name']);
  });

  it('should read nodes apart from edges.node, and both together with and()', async () => {
    const items = await selection('{ items { nodes { name } edges { node { tags } } } }');
    expect(picked(items.under('nodes'), ITEM)).toEqual(['name']);
    expect(picked(items.under('edges', 'node'), ITEM)).toEqual(['tags']);
    expect(picked(items.under('edges', 'node').and(items.under('nodes')), ITEM)).toEqual(['name', 'tags']);
  });

  it('should find nothing under a field that is not selected', async () => {
    const items = await selection('{ items { total } }');
    expect(items.under('edges', 'node').has('id')).toBe(false);
    expect(items.under('nodes').and(items.under('edges', 'node')).has('owner')).toBe(false);
  });

  it('should go through named fragments, at every level and nested in one another', async () => {
    const items = await selection(`
      query { items { ...Page } }
      fragment Page on Connection { edges { node { ...Row } } }
      fragment Row on Item { id ...People }
      fragment People on Item { owner { ...Boss } }
      fragment Boss on Person { boss { id } }`);
    const node = items.under('edges', 'node');
    expect(picked(node, ITEM)).toEqual(['id', 'owner']);
    expect(node.under('owner', 'boss').has('id')).toBe(true);
  });

  it('should go through inline fragments, with or without a type condition, interface ones included', async () => {
    const items = await selection(
      `{ items { ... on Connection { edges { node { ... { id } ... on Named { name } ... on Item { owner { id } } } } } } }`,
    );
    expect(picked(items.under('edges', 'node'), ITEM)).toEqual(['id', 'name', 'owner']);
  });

  it('should read fields by name whatever their alias, and merge a field asked under two aliases', async () => {
    const items = await selection('{ items { rows: edges { node { who: owner { id } } } again: edges { node { label: name } } } }');
    expect(picked(items.under('edges', 'node'), ITEM)).toEqual(['name', 'owner']);
    expect(items.has('rows')).toBe(false);
  });

  it('should merge the field when the query names it twice under one response key', async () => {
    const items = await selection('{ items(first: 2) { edges { node { id } } } items(first: 2) { edges { node { tags } } } }');
    expect(picked(items.under('edges', 'node'), ITEM)).toEqual(['id', 'tags']);
  });

  it('should keep apart two fields of the same name under different aliases (each its own resolver call)', async () => {
    const items = await selection('{ a: items { edges { node { id } } } b: items { edges { node { owner { id } } } } }');
    expect(picked(items.under('edges', 'node'), ITEM)).toEqual(['id']);
  });

  it('should count a field under @skip or @include as selected, whatever the variable (reading too much is only slower)', async () => {
    const query = 'query($no: Boolean!) { items { edges { node { id owner @include(if: $no) { id } tags @skip(if: true) } } } }';
    const items = await selection(query, { no: false });
    expect(picked(items.under('edges', 'node'), ITEM)).toEqual(['id', 'owner', 'tags']);
  });
});
