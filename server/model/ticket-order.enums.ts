/** What a ticket list is sorted by (docs/api.md, "The additions for the screens": TicketOrder.field); ties always fall back to the number. Registered with its words in labels/enum-types.ts. */
export enum TicketOrderField {
  LAST_ACTIVITY = 'LAST_ACTIVITY',
  CREATED = 'CREATED',
  NUMBER = 'NUMBER',
  PRIORITY = 'PRIORITY',
}

/** Which way a list runs (docs/api.md, "The additions for the screens": TicketOrder.direction). */
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
