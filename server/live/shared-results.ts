import {
  getOperationAST,
  Kind,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * The fields whose value in a live payload depends only on the event (its ticket and entry) and on
 * the reader's standing: read level, reach, staff or not. A subscription that selects nothing else
 * gets the same answer as every other subscriber with the same document and standing, so one
 * execution per event serves them all (1,000 subscribers of a queue: one execution, not 1,000).
 * Anything viewer-specific — history and files (per-entry visibility, authorship), watching,
 * allowed actions, invitees, wording in the reader's language — is absent on purpose: selecting it
 * makes the subscription execute per subscriber, as before. Keep this list conservative.
 */
const SAME_FOR_SAME_STANDING: Readonly<Partial<Record<string, ReadonlySet<string>>>> = {
  Subscription: new Set(['ticketStatusChanged', 'ticketUpdated']),
  TicketStatusChange: new Set(['ticket', 'from', 'to', 'event']),
  Ticket: new Set([
    'id',
    'number',
    'subject',
    'status',
    'priority',
    'visibility',
    'origin',
    'spentMinutes',
    'createdAt',
    'updatedAt',
    'lastActivityAt',
    'recallAt',
    'closureRequestedAt',
    'endedAt',
    'category',
    'department',
    'owner',
    'creator',
    'manager',
  ]),
  TicketEvent: new Set(['id', 'type', 'at', 'statusBefore', 'statusAfter', 'message', 'visibility', 'actor']),
  Category: new Set(['id', 'label', 'path']),
  Department: new Set(['id', 'code', 'label']),
  User: new Set(['id', 'uid', 'displayName']),
};

// Documents are shared by the subscriptions that sent the same text (limits/document-cache.ts): judged
// and printed once per operation they hold (against the one schema of the process).
const texts = new WeakMap<DocumentNode, Map<string, string | null>>();

/**
 * What identifies an operation's results among those of the same standing and variables, when they
 * may be shared: the operation printed without its name (a name changes nothing in the results, so
 * renaming a document does not buy an execution of its own), with the document's fragments in name
 * order. Undefined when the document selects something viewer-specific.
 */
export function sharedText(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): string | undefined {
  let byName = texts.get(document);
  if (!byName) texts.set(document, (byName = new Map<string, string | null>()));
  const name = operationName ?? '';
  let text = byName.get(name);
  if (text === undefined) {
    text = isShareable(schema, document) ? (unnamed(document, operationName) ?? null) : null;
    byName.set(name, text);
  }
  return text ?? undefined;
}

function unnamed(document: DocumentNode, operationName: string | null | undefined): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const fragments = document.definitions
    .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
    .sort((a, b) => (a.name.value < b.name.value ? -1 : a.name.value > b.name.value ? 1 : 0));
  return print({ kind: Kind.DOCUMENT, definitions: [{ ...operation, name: undefined }, ...fragments] });
}

/** Whether every field the document selects is in the list above (then its results may be shared). */
export function isShareable(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let shareable = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (node.name.value === '__typename') return;
        if (!parent || !SAME_FOR_SAME_STANDING[parent.name]?.has(node.name.value)) shareable = false;
      },
    }),
  );
  return shareable;
}
