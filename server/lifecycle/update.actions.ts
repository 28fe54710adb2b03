import { priority as checkPriority } from '../catalogue/catalogue.service.js';
import { BadInputError } from '../errors.js';
import { assertMayUpdate } from '../policies/ticket-actions.policy.js';
import { requireLine } from '../shared/rich-text.js';
import type { StoredChange } from '../model/ticket-event.entity.js';
import { EntryVisibility, TicketEventType, type TicketOrigin, type TicketVisibility } from '../model/ticket.enums.js';
import { LIMITS } from '../ticket/ticket.service.js';
import { TicketAction } from '../model/ticket-status.js';
import type { ActionArgs, ActionDeclaration } from './action.js';

/** The properties a person asks to change ("Propriétés"); absent or null leaves one as it is. */
export interface TicketChanges {
  subject?: string | null;
  priority?: number | null;
  visibility?: TicketVisibility | null;
  origin?: TicketOrigin | null;
  spentMinutes?: number | null;
}

/** updateTicket's own argument: the properties to change. */
export interface UpdateArgs extends ActionArgs {
  input: TicketChanges;
}

type Editable = 'subject' | 'priority' | 'visibility' | 'origin' | 'spentMinutes';
type Wanted = Partial<Record<Editable, string | number>>;
const EDITABLE: readonly Editable[] = ['subject', 'priority', 'visibility', 'origin', 'spentMinutes'];
// Time spent and origin are the department's bookkeeping: the entry recording them is internal.
const INTERNAL: readonly StoredChange['property'][] = ['origin', 'spentMinutes'];

/** Changes a ticket's properties ("Propriétés") within the viewer's rights; one UPDATED entry lists each before → after. */
export const update: ActionDeclaration<UpdateArgs, Wanted> = {
  action: TicketAction.UPDATE,
  api: { mutation: 'updateTicket', description: 'Subject, priority, visibility, origin, time spent.', silent: true },
  entry: TicketEventType.UPDATED,
  message: 'none',
  check: (scope, { input }) => {
    const wanted = clean(input);
    const fields = EDITABLE.filter((f) => wanted[f] !== undefined && wanted[f] !== scope.ticket[f]);
    if (fields.length === 0) throw new BadInputError('Nothing to change', 'input');
    assertMayUpdate(scope.access, scope.ticket.status, fields);
    return Object.fromEntries(fields.map((f) => [f, wanted[f]]));
  },
  change: ({ ticket }, wanted) => {
    const fields = EDITABLE.filter((f) => f in wanted);
    const changes = fields.map((f): StoredChange => ({ property: f, before: String(ticket[f]), after: String(wanted[f]) }));
    Object.assign(ticket, wanted);
    return changes;
  },
  visibility: (changes) => (changes.every((c) => INTERNAL.includes(c.property)) ? EntryVisibility.STAFF : undefined),
};

function clean(input: TicketChanges): Wanted {
  const spent = input.spentMinutes;
  if (spent != null && (!Number.isInteger(spent) || spent < 0 || spent > 1_000_000)) {
    throw new BadInputError('spentMinutes must be between 0 and 1 000 000', 'spentMinutes');
  }
  return {
    subject: input.subject == null ? undefined : requireLine('subject', input.subject, LIMITS.subject),
    priority: input.priority == null ? undefined : checkPriority('priority', input.priority),
    visibility: input.visibility ?? undefined,
    origin: input.origin ?? undefined,
    spentMinutes: spent ?? undefined,
  };
}
