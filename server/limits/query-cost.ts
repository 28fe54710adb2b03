import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { declaredBound, type ListSize } from './list-bounds.js';

/**
 * A list that declares no bound counts as this many items. None should: a test fails on any list
 * field of the schema without one (query-cost.test.ts); this only keeps a forgotten one from counting as 1.
 */
export const UNDECLARED_LIST = 100;
/** The `first` of a page when neither the request nor the argument's default gives one. */
const DEFAULT_PAGE = 10;

/** What the cost of one operation is computed from. */
export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>> | undefined;
  /** The sizes the lists' declared bounds name (list-bounds.ts). */
  sizes: Readonly<Record<ListSize, number>>;
  /** Counting stops as soon as the cost passes this: a refused document costs little to judge. */
  limit: number;
}

/**
 * Estimates the work an operation asks for, as an upper bound: every field costs 1, every object a
 * list returns 1 more, and a field's selection is counted once per item it can return — `first` items for a field with a `first` argument
 * (its variable's or default value included), and for any other list the bound it declares
 * (list-bounds.ts: a maximum its resolver enforces, or the size the database reports). Inside a page
 * (a connection), the list of edges is the page already counted. So lists under lists multiply:
 * 100 tickets × 10 recent tickets × …, 32 categories × 32 categories × ….
 */
export function operationCost({ schema, operation, fragments, variables, sizes, limit }: CostInput): number {
  const fragmentCosts = new Map<string, number>();
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType, inPage: boolean): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection.name.value, selection.selectionSet, selection.arguments ?? [], parent, inPage);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += selectionCost(selection.selectionSet, typeNamed(selection.typeCondition?.name.value) ?? parent, inPage);
      } else {
        // Fragments are counted once each (validation has refused cycles), so spreading one many times is cheap to judge.
        const key = `${selection.name.value}|${inPage}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          const fragment = fragments.get(selection.name.value);
          cost = fragment ? selectionCost(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value) ?? parent, inPage) : 0;
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
      if (total > limit) return total;
    }
    return total;
  };

  const fieldCost = (
    name: string,
    selectionSet: SelectionSetNode | undefined,
    args: readonly { name: { value: string }; value: ValueNode }[],
    parent: GraphQLCompositeType,
    inPage: boolean,
  ): number => {
    // __typename, and introspection counted once: its size is bounded by the token limit.
    if (!selectionSet || name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return 1;
    const fields = parent.getFields();
    if (!Object.hasOwn(fields, name)) return 1;
    const field = fields[name];
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) return 1;
    const isList = isListType(getNullableType(field.type));
    const firstArg = field.args.find((a) => a.name === 'first');
    let items = 1;
    let childInPage = false;
    if (firstArg) {
      items = pageSize(firstArg, args.find((a) => a.name.value === 'first')?.value);
      childInPage = !isList;
    } else if (isList && !inPage) {
      const bound = declaredBound(field);
      items = bound === undefined ? UNDECLARED_LIST : typeof bound === 'number' ? bound : sizes[bound];
    }
    // Each object a list returns is a row built and sent: it costs 1 besides its fields.
    return 1 + items * ((isList ? 1 : 0) + selectionCost(selectionSet, type, childInPage));
  };

  /** The page a `first` argument asks for: literal, variable (or its default), else the argument's default. */
  const pageSize = (arg: GraphQLArgument, node: ValueNode | undefined): number => {
    let value: unknown = node?.kind === Kind.INT ? Number(node.value) : undefined;
    if (node?.kind === Kind.VARIABLE) {
      const name = node.name.value;
      value = variables?.[name];
      if (value === undefined || value === null) {
        const fallback = operation.variableDefinitions?.find((v) => v.variable.name.value === name)?.defaultValue;
        value = fallback?.kind === Kind.INT ? Number(fallback.value) : undefined;
      }
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) value = arg.defaultValue;
    return typeof value === 'number' && Number.isInteger(value) ? Math.max(0, value) : DEFAULT_PAGE;
  };

  const typeNamed = (name: string | undefined): GraphQLCompositeType | undefined => {
    const type = name ? schema.getType(name) : undefined;
    return isCompositeType(type) ? type : undefined;
  };

  return selectionCost(operation.selectionSet, root, false);
}

/** How many root fields an operation selects (fragments followed, __typename aside): a mutation's number of writes. */
export function rootFieldCount(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): number {
  const counted = new Map<string, number>();
  const count = (set: SelectionSetNode): number => {
    let n = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) n += selection.name.value.startsWith('__') ? 0 : 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) n += count(selection.selectionSet);
      else {
        const name = selection.name.value;
        if (!counted.has(name)) {
          counted.set(name, 0); // a cycle (refused by validation anyway) counts nothing
          const fragment = fragments.get(name);
          counted.set(name, fragment ? count(fragment.selectionSet) : 0);
        }
        n += counted.get(name)!;
      }
    }
    return n;
  };
  return count(operation.selectionSet);
}
