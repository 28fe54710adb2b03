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
 * before it runs (BAD_USER_INPUT naming the field), over HTTP and WebSocket alike, instead of failing
 * deep in SQL as an internal error.
 */
export function nulRefusal(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): BadInputError | undefined {
  const field = nulArgument(rootArguments(document, operation, variables));
  return field === null ? undefined : new BadInputError(`${field} must not contain NUL characters`, field);
}

/**
 * The field that carries a NUL character (PostgreSQL text cannot hold one): the argument's name, or
 * the innermost input field's (`input.subject` names `subject`); null when there is none.
 */
export function nulArgument(args: readonly RootArgument[]): string | null {
  for (const { name, value } of args) {
    const field = findNul(value, name);
    if (field !== null) return field;
  }
  return null;
}

function findNul(value: unknown, key: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? key : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findNul(item, key);
      if (found !== null) return found;
    }
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, k);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Every value found under `key` in the arguments, however deep (the users a mutation names by `userId`). */
export function valuesNamed(args: readonly RootArgument[], key: string): unknown[] {
  const found: unknown[] = [];
  const visit = (name: string, value: unknown): void => {
    if (name === key) found.push(value);
    if (Array.isArray(value)) for (const item of value) visit(name, item);
    else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) visit(k, v);
  };
  for (const { name, value } of args) visit(name, value);
  return found;
}

// Input objects and JSON variables only: an uploaded file (or a date) is not walked into.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
