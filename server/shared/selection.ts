import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** What Selection reads of a resolver's info. */
export type SelectionSource = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/**
 * The fields a query selects below a resolver's field, so a read can skip the joins nobody asked
 * for. Fields count by name, whatever their alias; fragments and inline fragments count whatever
 * their type condition, and a field under @skip or @include counts as selected: reading too much
 * is only slower, reading too little would be wrong.
 */
export class Selection {
  private byName: Map<string, FieldNode[]> | undefined;

  private constructor(
    private readonly sets: readonly SelectionSetNode[],
    // An unvalidated document may spread a fragment it does not define.
    private readonly fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>,
  ) {}

  /** The selection of the resolver's own field (every node of it, when the query names it more than once). */
  static of(info: SelectionSource): Selection {
    return new Selection(setsOf(info.fieldNodes), info.fragments);
  }

  /** Whether the field of that name is selected here. */
  has(name: string): boolean {
    return this.fields().has(name);
  }

  /** The selection below a field of this one, through each name in turn (empty when one is not selected). */
  under(...path: string[]): Selection {
    return path.reduce<Selection>((at, name) => at.child(name), this);
  }

  /** This selection and another together (a connection's `edges.node` and `nodes`). */
  and(other: Selection): Selection {
    return new Selection([...this.sets, ...other.sets], this.fragments);
  }

  private child(name: string): Selection {
    return new Selection(setsOf(this.fields().get(name) ?? []), this.fragments);
  }

  private fields(): Map<string, FieldNode[]> {
    if (!this.byName) {
      this.byName = new Map();
      const seen = new Set<string>();
      for (const set of this.sets) this.collect(set, seen);
    }
    return this.byName;
  }

  private collect(set: SelectionSetNode, seen: Set<string>): void {
    for (const node of set.selections) {
      if (node.kind === Kind.FIELD) {
        const name = node.name.value;
        const nodes = this.byName!.get(name);
        if (nodes) nodes.push(node);
        else this.byName!.set(name, [node]);
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        this.collect(node.selectionSet, seen);
      } else {
        // Validation forbids cycles of fragments; `seen` keeps an unvalidated document from looping all the same.
        const name = node.name.value;
        const fragment = this.fragments[name];
        if (fragment && !seen.has(name)) {
          seen.add(name);
          this.collect(fragment.selectionSet, seen);
        }
      }
    }
  }
}

function setsOf(fields: readonly FieldNode[]): SelectionSetNode[] {
  return fields.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
}
