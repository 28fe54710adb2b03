import { registerEnumType } from 'type-graphql';
import { AlertPreference, AssignmentMode, MemberRole } from '../model/catalogue.enums.js';
import { EntryVisibility, Involvement, TicketEventType, TicketOrigin, TicketVisibility } from '../model/ticket.enums.js';
import { TicketAction, TicketStatus } from '../model/ticket-status.js';
import { OrderDirection, TicketOrderField } from '../model/ticket-order.enums.js';
import { ServiceScope } from '../model/service-account.enums.js';
import { CannedScope } from '../model/canned.enums.js';
import type { Words } from './words.js';
import { WORDS } from './words.js';

type EnumObject = Record<string, string>;
let registered = false;

function described(words: Record<string, Words>): Record<string, { description: string }> {
  return Object.fromEntries(Object.entries(words).map(([key, w]) => [key, { description: `${w.en} — « ${w.fr} »` }]));
}

function register(enumObject: EnumObject, name: string, description: string, words?: Record<string, Words>): void {
  registerEnumType(enumObject, { name, description, valuesConfig: words ? described(words) : undefined });
}

/**
 * Registers every GraphQL enum once, each value described with its words from the catalogue, so the
 * schema documents itself in both languages. Called by the schema builder before it reads the types.
 */
export function registerEnumTypes(): void {
  // TypeGraphQL keeps registrations in a global store: registering twice would declare each enum twice.
  if (registered) return;
  registered = true;
  register(TicketStatus, 'TicketStatus', 'Where a ticket stands.', WORDS.status);
  register(TicketAction, 'TicketAction', 'What someone may do to a ticket (Ticket.allowedActions).', WORDS.action);
  register(TicketEventType, 'TicketEventType', 'The kind of a history entry.', WORDS.eventType);
  register(TicketVisibility, 'TicketVisibility', 'Who may read a ticket beyond its participants.', WORDS.visibility);
  register(EntryVisibility, 'EntryVisibility', 'Who may read one history entry or file.', WORDS.visibility);
  register(TicketOrigin, 'TicketOrigin', 'How the request reached the helpdesk.', WORDS.origin);
  register(Involvement, 'Involvement', 'How the viewer relates to the tickets listed.');
  register(MemberRole, 'MemberRole', "A department member's role.", WORDS.role);
  register(AlertPreference, 'AlertPreference', 'Which new tickets a member is alerted about.', WORDS.alert);
  register(AssignmentMode, 'AssignmentMode', 'How a new or moved ticket picks its manager.', WORDS.assignment);
  register(ServiceScope, 'ServiceScope', 'What a service account may do, in its own departments only.');
  register(
    TicketOrderField,
    'TicketOrderField',
    'What a ticket list is sorted by (PRIORITY: then by last activity); equal values are ordered by number, in the same direction.',
    WORDS.order,
  );
  register(OrderDirection, 'OrderDirection', 'Which way a ticket list runs.', WORDS.direction);
  register(CannedScope, 'CannedScope', "Who a canned answer is for: its owner (PERSONAL), a department's staff, or all staff.");
}
