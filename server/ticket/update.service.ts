import type { RequestContext } from '../auth/context.js';
import { priority as checkPriority } from '../catalogue/catalogue.service.js';
import { BadInputError } from '../errors.js';
import { assertMayUpdate } from '../policies/ticket-actions.policy.js';
import { requireLine } from '../shared/rich-text.js';
import { act, entryFor, type EntryOptions } from './lifecycle.service.js';
import type { Ticket } from './ticket.entity.js';
import { EntryVisibility, TicketEventType } from './ticket.enums.js';
import type { UpdateTicketInput } from './ticket.inputs.js';
import type { PropertyChange } from './ticket-event.entity.js';
import { LIMITS } from './ticket.service.js';
import { TicketAction } from './ticket-status.js';

type Editable = 'subject' | 'priority' | 'visibility' | 'origin' | 'spentMinutes';
const EDITABLE: readonly Editable[] = ['subject', 'priority', 'visibility', 'origin', 'spentMinutes'];
// Time spent and origin are the department's bookkeeping: the entry recording them is internal.
const INTERNAL: readonly Editable[] = ['origin', 'spentMinutes'];

/** Changes a ticket's properties ("Propriétés") within the viewer's rights; one UPDATED entry lists before → after. */
export function updateTicket(ctx: RequestContext, ticketId: string, input: UpdateTicketInput, options: EntryOptions): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.UPDATE,
    apply: (scope) => {
      const wanted = clean(input);
      const fields = EDITABLE.filter((f) => wanted[f] !== undefined && wanted[f] !== scope.ticket[f]);
      if (fields.length === 0) throw new BadInputError('Nothing to change', 'input');
      assertMayUpdate(scope.access, scope.from, fields);
      const entry = entryFor(ctx, scope, TicketEventType.UPDATED, { text: null, required: false }, options);
      entry.changes = fields.map((f): PropertyChange => ({ field: f, before: String(scope.ticket[f]), after: String(wanted[f]) }));
      if (fields.every((f) => INTERNAL.includes(f))) entry.visibility = EntryVisibility.STAFF;
      Object.assign(scope.ticket, Object.fromEntries(fields.map((f) => [f, wanted[f]])));
      return entry;
    },
  });
}

function clean(input: UpdateTicketInput): Partial<Record<Editable, string | number>> {
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
