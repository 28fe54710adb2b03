import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

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
