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

/**
 * A list without a `first` argument counts as this many items: `ownerRecentTickets` lists 10, and
 * it is a fair guess for a ticket's history, invitees or a category's children.
 */
export const LIST_FAN_OUT = 10;

/** What the cost of one operation is computed from. */
export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>> | undefined;
  /** Counting stops as soon as the cost passes this: a refused document costs little to judge. */
  limit: number;
}

/**
 * Estimates the work an operation asks for: every field costs 1, and a field's selection is counted
 * once per item it can return — `first` items for a field with a `first` argument (its variable's or
 * default value included), LIST_FAN_OUT for any other list. Inside a page (a connection), the list of
 * edges is the page already counted. So lists under lists multiply: 100 tickets × 10 recent tickets × ….
 */
export function operationCost({ schema, operation, fragments, variables, limit }: CostInput): number {
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
    } else if (isList) {
      items = inPage ? 1 : LIST_FAN_OUT;
    }
    return 1 + items * selectionCost(selectionSet, type, childInPage);
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
    return typeof value === 'number' && Number.isInteger(value) ? Math.max(0, value) : LIST_FAN_OUT;
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
