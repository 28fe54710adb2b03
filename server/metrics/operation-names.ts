import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/** Routes besides /graphql, each one label (a path's first segment, never the rest of it). */
export const ROUTE_LABELS = ['/healthz', '/readyz', '/metrics', '/files', '/auth', '/portlet', '/'];

/**
 * The names a request's `operation` label may take: the schema's root fields (an anonymous
 * operation counts under its first field), the operations the portlet sends (its documents under
 * `operationsDir`, the ones codegen reads), and the fixed routes. Nothing a client sends can add one.
 */
export function knownOperations(schema: GraphQLSchema, operationsDir: string | undefined): Set<string> {
  const names = new Set<string>(ROUTE_LABELS);
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.keys(root?.getFields() ?? {})) names.add(field);
  }
  if (operationsDir && existsSync(operationsDir)) {
    for (const file of readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'))) {
      for (const op of operationsOf(parse(readFileSync(path.join(operationsDir, file), 'utf8')))) if (op.name) names.add(op.name.value);
    }
  }
  return names;
}

/** The name a resolved operation is counted under: its own name, else (anonymous) its first root field. */
export function operationName(operation: OperationDefinitionNode | undefined, declared: string | null | undefined): string | undefined {
  if (declared) return declared;
  if (operation?.name) return operation.name.value;
  const first = operation?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : undefined;
}

/** The label of a request that is not GraphQL: the route's first path segment when it is one of ours. */
export function routeLabel(url: string | undefined): string {
  const pathname = (url ?? '/').split('?')[0];
  const first = `/${pathname.split('/')[1] ?? ''}`;
  return ROUTE_LABELS.includes(first) ? first : 'other';
}

function operationsOf(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}
