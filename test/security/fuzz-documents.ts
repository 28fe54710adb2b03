import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { ROOT } from '../processes.js';

// GraphQL requests as hostile clients write them, built from the committed schema: mostly valid
// operations (every required argument, values of the right type) whose values are hostile (NUL,
// huge, deep, unknown names), with one argument passed as a variable `$v` whose JSON may be anything;
// then some mangled character by character, in JSON bodies of every shape.

const schema = buildSchema(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));

/** Strings a database, a parser or a log may choke on (now and then over the 64 KiB document limit). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\uD800', "'; drop table ticket; --", '%_\\', '  ', '1e999', '../etc/passwd'),
  },
  { weight: 1, arbitrary: fc.constantFrom(17_000, 70_000).map((n) => 'x'.repeat(n)) },
);

const nested = (open: string, leaf: string, close: string) => (n: number) => `${open.repeat(n)}${leaf}${close.repeat(n)}`;

/** JSON text of any shape: usual values, or nested thousands deep (written by hand: JSON.stringify may overflow). */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  fc.nat({ max: 8000 }).map(nested('[', '"a\\u0000"', ']')),
  fc.nat({ max: 8000 }).map(nested('{"search":', '"x"', '}')),
  fc.constantFrom('1e999', '-1', '99999999999999999999', 'null', '"\\ud800"', '{"__proto__":{"polluted":true}}'),
);

/** Values of a type, fitting it mostly: as GraphQL literals or as JSON (the two differ only in objects and enums). */
interface Syntax {
  string: (s: string) => string;
  enumValue: (name: string) => string;
  object: (entries: [string, string][]) => string;
  wrong: fc.Arbitrary<string>;
}

const LITERAL: Syntax = {
  string: (s) => JSON.stringify(s),
  enumValue: (name) => name,
  object: (entries) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`,
  wrong: fc.constantFrom('null', 'FRE', '3.5', '99999999999999999999', '-2147483649', 'true', '{}', '[]', '"\\u0000"', '$undeclared'),
};
const JSON_TEXT: Syntax = {
  string: (s) => JSON.stringify(s),
  enumValue: (name) => JSON.stringify(name),
  object: (entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`,
  wrong: hostileJsonText,
};

function valueOf(type: GraphQLInputType, syntax: Syntax, depth: number): fc.Arbitrary<string> {
  return fc.oneof({ weight: 12, arbitrary: fitting(type, syntax, depth) }, { weight: 1, arbitrary: syntax.wrong });
}

function fitting(type: GraphQLInputType, syntax: Syntax, depth: number): fc.Arbitrary<string> {
  if (isNonNullType(type)) return fitting(type.ofType, syntax, depth);
  if (isListType(type))
    return fc.array(valueOf(type.ofType, syntax, depth + 1), { maxLength: depth > 2 ? 0 : 3 }).map((xs) => `[${xs.join(',')}]`);
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => syntax.enumValue(v.name)));
  if (isInputObjectType(type)) return objectOf(Object.values(type.getFields()), syntax, depth).map(syntax.object);
  const scalars: Record<string, fc.Arbitrary<string>> = {
    Int: fc.oneof(fc.integer({ min: -2, max: 60 }), fc.integer()).map(String),
    Boolean: fc.boolean().map(String),
    ID: fc.oneof(
      fc.nat({ max: 60 }).map((n) => syntax.string(String(n))),
      hostileString.map(syntax.string),
    ),
    DateTime: fc.date({ noInvalidDate: true }).map((d) => syntax.string(d.toISOString())),
    Upload: fc.constant('null'),
  };
  return scalars[getNamedType(type).name] ?? hostileString.map(syntax.string);
}

// Every required field or argument (non-null, no default), and some of the others, each with a value.
function objectOf(fields: readonly InputValue[], syntax: Syntax, depth: number): fc.Arbitrary<[string, string][]> {
  const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
  const optional = fields.filter((f) => !required.includes(f));
  return fc
    .subarray(depth > 2 ? [] : optional)
    .chain((chosen) =>
      fc.tuple(...[...required, ...chosen].map((f) => valueOf(f.type, syntax, depth + 1).map((v): [string, string] => [f.name, v]))),
    );
}

// A field's selection: its arguments as literals, and its subfields when it is an object (a few levels down).
function selectionOf(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> {
  return fc
    .tuple(objectOf(field.args, LITERAL, 0), subfieldsOf(field, depth))
    .map(([args, sub]) => `${field.name}${argumentsText(args)}${sub}`);
}

function argumentsText(entries: [string, string][]): string {
  return entries.length ? `(${entries.map(([k, v]) => `${k}: ${v}`).join(', ')})` : '';
}

function subfieldsOf(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> {
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return fc.constant('');
  const fields = Object.values(type.getFields()).filter((f) => depth < 3 || !isObjectType(getNamedType(f.type)));
  const one = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...fields).chain((f) => selectionOf(f, depth + 1)) },
    fc.constantFrom('__typename', `... on ${type.name} { __typename }`, 'alias: __typename', 'nosuchfield'),
  );
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((sel) => ` { ${sel.join(' ')} }`);
}

// One root field; mostly one of its arguments passed as `$v`, declared with the argument's type, and
// the variables' JSON for it.
function operationOf(kind: 'query' | 'mutation' | 'subscription', root: GraphQLObjectType): fc.Arbitrary<Operation> {
  return fc.constantFrom(...Object.values(root.getFields())).chain((field) => {
    const slot = field.args.length ? fc.option(fc.constantFrom(...field.args), { freq: 3 }) : fc.constant(null);
    return fc.tuple(objectOf(field.args, LITERAL, 0), subfieldsOf(field, 0), slot).chain(([args, sub, arg]): fc.Arbitrary<Operation> => {
      const write = (entries: [string, string][]): string => `${field.name}${argumentsText(entries)}${sub}`;
      if (!arg) return fc.constant({ query: `${kind} { ${write(args)} }`, variables: null });
      const entries: [string, string][] = [...args.filter(([name]) => name !== arg.name), [arg.name, '$v']];
      return valueOf(arg.type, JSON_TEXT, 0).map((v) => ({
        query: `${kind}($v: ${String(arg.type)}) { ${write(entries)} }`,
        variables: `{"v":${v}}`,
      }));
    });
  });
}

type InputValue = GraphQLInputField | GraphQLArgument;

/** A document and its `variables` JSON (null: none sent). */
export interface Operation {
  query: string;
  variables: string | null;
}

const operations = fc.oneof(
  { weight: 5, arbitrary: operationOf('query', schema.getQueryType()!) },
  { weight: 3, arbitrary: operationOf('mutation', schema.getMutationType()!) },
  { weight: 1, arbitrary: operationOf('subscription', schema.getSubscriptionType()!) },
);

/** An operation as generated, the same with characters deleted or inserted, or noise and extremes. */
export const hostileOperation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 8, arbitrary: operations },
  {
    weight: 2,
    arbitrary: fc
      .tuple(operations, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 3 }))
      .map(([op, edits]) => ({
        ...op,
        query: edits.reduce((q, [at, cut, add]) => q.slice(0, at % (q.length + 1)) + add + q.slice((at % (q.length + 1)) + cut), op.query),
      })),
  },
  fc.record({ query: fc.string({ maxLength: 100 }), variables: fc.option(hostileJsonText) }),
  fc.nat({ max: 3000 }).map((n) => ({ query: `{ ${'me { '.repeat(n)}uid${' }'.repeat(n)} }`, variables: null })),
  fc.nat({ max: 3000 }).map((n) => ({ query: `{ faqs(search: ${'['.repeat(n)}"a"${']'.repeat(n)}) { title } }`, variables: null })),
);

/** How a request carries its operation: POST with the usual JSON envelope (now and then with an operation name), or GET. */
export const hostileRequest: fc.Arbitrary<{ method: 'GET' | 'POST'; path: string; body?: string }> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(hostileOperation, fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, hostileString))
      .map(([{ query, variables }, name]) => ({
        method: 'POST' as const,
        path: '/graphql',
        body: `{"query":${JSON.stringify(query)}${variables === null ? '' : `,"variables":${variables}`}${name === null ? '' : `,"operationName":${JSON.stringify(name)}`}}`,
      })),
  },
  hostileOperation
    .filter(({ query, variables }) => query.length + (variables?.length ?? 0) < 4000)
    .map(({ query, variables }) => ({
      method: 'GET' as const,
      path: `/graphql?${new URLSearchParams(variables === null ? { query } : { query, variables }).toString()}`,
    })),
  hostileOperation.map(({ query }) => ({
    method: 'POST' as const,
    path: '/graphql',
    body: `[{"query":${JSON.stringify(query)}},{"query":"{ me { uid } }"}]`,
  })),
  fc.oneof(hostileJsonText, fc.string({ maxLength: 100 })).map((body) => ({ method: 'POST' as const, path: '/graphql', body })),
);
