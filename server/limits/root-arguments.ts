import { Kind, valueFromASTUntyped, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { BadInputError } from '../errors.js';

/** One argument of a root field as the operation sends it: literal or variable, defaults applied. */
export interface RootArgument {
  name: string;
  value: unknown;
}

/**
 * The arguments of every root field an operation selects (fragments followed), with their values
 * as sent: variables substituted (or their declared default), input objects as plain objects, enums
 * as their names. Read once per operation, so checks on arguments need no per-field middleware.
 */
export function rootArguments(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): RootArgument[] {
  const values: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (values[name] === undefined && definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  const found: RootArgument[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        for (const arg of selection.arguments ?? []) found.push({ name: arg.name.value, value: valueFromASTUntyped(arg.value, values) });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return found;
}

/**
 * PostgreSQL text cannot hold NUL characters: an operation whose arguments carry one is refused
 * before it runs (BAD_USER_INPUT naming the field, HTTP 400), over HTTP and WebSocket alike, instead
 * of failing deep in SQL as an internal error.
 */
export function nulRefusal(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): BadInputError | undefined {
  const field = nulArgument(rootArguments(document, operation, variables));
  return field === null ? undefined : new BadInputError(`${field} must not contain NUL characters`, field, 400);
}

/**
 * The field that carries a NUL character (PostgreSQL text cannot hold one): the argument's name, or
 * the innermost input field's (`input.subject` names `subject`); null when there is none.
 */
export function nulArgument(args: readonly RootArgument[]): string | null {
  let found: string | null = null;
  walkArguments(args, (key, value) => {
    if (typeof value === 'string' && value.includes('\u0000')) found = key;
    return found === null;
  });
  return found;
}

/** Every value found under `key` in the arguments, however deep (the users a mutation names by `userId`). */
export function valuesNamed(args: readonly RootArgument[], key: string): unknown[] {
  const found: unknown[] = [];
  walkArguments(args, (name, value) => {
    if (name === key) found.push(value);
    return true;
  });
  return found;
}

// Each value of the arguments, depth first, with the name it is under (an item of a list keeps its
// list's), until `visit` says stop. A loop, not recursion: a variable is JSON, nested as deep as a
// client likes, and must not overflow the stack.
function walkArguments(args: readonly RootArgument[], visit: (key: string, value: unknown) => boolean): void {
  const stack: [string, unknown][] = args.map(({ name, value }): [string, unknown] => [name, value]).reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [key, value] = next;
    if (!visit(key, value)) return;
    const children: [string, unknown][] = Array.isArray(value)
      ? value.map((item): [string, unknown] => [key, item])
      : isPlainObject(value)
        ? Object.entries(value)
        : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

// Input objects and JSON variables only: an uploaded file (or a date) is not walked into.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
