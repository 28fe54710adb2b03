import { GraphQLError, Kind, type ASTNode, type FragmentDefinitionNode, type ValidationContext, type ValidationRule } from 'graphql';

/** Refuses queries nested deeper than `max` (fragments followed), so no request can fan out without bound. */
export function depthLimit(max: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (node: ASTNode, depth: number, seen: Set<string>): number => {
      if (depth > max) return depth;
      switch (node.kind) {
        case Kind.FIELD:
          return node.selectionSet ? Math.max(depth, ...node.selectionSet.selections.map((s) => depthOf(s, depth + 1, seen))) : depth;
        case Kind.INLINE_FRAGMENT:
        case Kind.OPERATION_DEFINITION:
          return Math.max(depth, ...node.selectionSet.selections.map((s) => depthOf(s, depth, seen)));
        case Kind.FRAGMENT_SPREAD: {
          const fragment = fragments.get(node.name.value);
          if (!fragment || seen.has(node.name.value)) return depth;
          return depthOf({ ...fragment, kind: Kind.INLINE_FRAGMENT }, depth, new Set([...seen, node.name.value]));
        }
        default:
          return depth;
      }
    };
    return {
      OperationDefinition(node) {
        if (depthOf(node, 0, new Set()) > max) {
          context.reportError(new GraphQLError(`Query is nested deeper than ${max} levels`, { nodes: [node] }));
        }
      },
    };
  };
}
