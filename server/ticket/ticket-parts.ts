import { Selection, type SelectionSource } from '../shared/selection.js';

/**
 * The optional parts of a ticket read for display (ticket.rows.ts): each is joined and built as JSON
 * only when the query selects it. What judging access needs (the department's confidentiality, the
 * invitations) is not a part: it is read always. Four parts, so a read has at most 16 texts.
 */
export const TICKET_PARTS = ['owner', 'manager', 'category', 'department'] as const;

/** One optional part of a ticket read. */
export type TicketPart = (typeof TICKET_PARTS)[number];

/** The parts a read joins. */
export type TicketParts = ReadonlySet<TicketPart>;

/** Every part: the view, and any read that cannot tell what will be asked of its rows. */
export const EVERY_PART: TicketParts = new Set(TICKET_PARTS);

/** The parts the tickets of a connection need (`tickets`: its `edges.node`, and `nodes` should it gain them). */
export function connectionParts(info: SelectionSource): TicketParts {
  const connection = Selection.of(info);
  return partsOf(connection.under('edges', 'node').and(connection.under('nodes')));
}

/** The parts the tickets of a field returning tickets directly need (ownerRecentTickets). */
export function listParts(info: SelectionSource): TicketParts {
  return partsOf(Selection.of(info));
}

function partsOf(ticket: Selection): TicketParts {
  const parts = new Set<TicketPart>();
  for (const part of ['owner', 'manager', 'category'] as const) if (ticket.has(part)) parts.add(part);
  // allowedActions reads the department's reopenDays; a ticket's category belongs to its department, so the
  // department read with the ticket answers the category's too (else the loader would: one more statement).
  if (ticket.has('department') || ticket.has('allowedActions') || ticket.under('category').has('department')) parts.add('department');
  return parts;
}
