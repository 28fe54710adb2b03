import { graphql, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';

/**
 * The GraphQLResolveInfo graphql-js hands the resolver of `Type.field` when it runs `source` against
 * `schema` (validated first: a query the schema refuses fails the test). Every other field answers an
 * object that answers every field, so nested fields are reached. The schema's resolver is put back afterwards.
 */
export async function infoAt(
  schema: GraphQLSchema,
  at: `${string}.${string}`,
  source: string,
  variableValues?: Record<string, unknown>,
): Promise<GraphQLResolveInfo> {
  const [typeName, fieldName] = at.split('.');
  const field = (schema.getType(typeName) as GraphQLObjectType | undefined)?.getFields()[fieldName];
  if (!field) throw new Error(`${at} is not in the schema`);
  const original = field.resolve;
  let seen: GraphQLResolveInfo | undefined;
  field.resolve = (_source, _args, _context, info) => {
    seen ??= info;
    return null;
  };
  try {
    // Any field of it is itself, and as a list it holds itself once: every path of the query is walked.
    const anything: object = new Proxy(
      {},
      {
        get: (_, key) =>
          key === Symbol.iterator
            ? function* () {
                yield anything;
              }
            : anything,
      },
    );
    const result = await graphql({ schema, source, rootValue: anything, variableValues });
    const refused = result.errors?.find((e) => !e.path);
    if (refused) throw refused;
  } finally {
    field.resolve = original;
  }
  if (!seen) throw new Error(`the query never reached ${at}`);
  return seen;
}
