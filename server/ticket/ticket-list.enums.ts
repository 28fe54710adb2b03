import { registerEnumType } from 'type-graphql';

/** What a ticket list is sorted by (api.md TicketOrder.field); ties always fall back to the number. */
export enum TicketOrderField {
  LAST_ACTIVITY = 'LAST_ACTIVITY',
  CREATED = 'CREATED',
  NUMBER = 'NUMBER',
  PRIORITY = 'PRIORITY',
}

/** Which way a list runs (api.md TicketOrder.direction). */
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(TicketOrderField, {
  name: 'TicketOrderField',
  description: 'What a ticket list is sorted by; equal values are ordered by number, in the same direction.',
  valuesConfig: {
    LAST_ACTIVITY: { description: 'Last activity (the default): the newest history entry.' },
    CREATED: { description: 'Creation date.' },
    NUMBER: { description: 'Ticket number.' },
    PRIORITY: { description: 'Priority, then last activity.' },
  },
});
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  valuesConfig: { ASC: { description: 'Smallest or oldest first.' }, DESC: { description: 'Largest or newest first.' } },
});
