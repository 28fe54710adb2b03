import { Field, ID, InputType, Int } from 'type-graphql';
import { Involvement } from '../model/ticket.enums.js';
import { TicketStatus } from '../model/ticket-status.js';
import { OrderDirection, TicketOrderField } from '../model/ticket-order.enums.js';
import { DEFAULT_ORDER, type ListOrder } from './ticket-cursor.js';
import type { ListFilter } from './ticket-filter.js';

/** How a list is sorted (docs/api.md, "The additions for the screens": TicketOrder); the default is the newest activity first. */
@InputType({ description: 'How a ticket list is sorted; ties are broken by number in the same direction.' })
export class TicketOrder implements ListOrder {
  @Field(() => TicketOrderField, { defaultValue: TicketOrderField.LAST_ACTIVITY }) field!: TicketOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC }) direction!: OrderDirection;
}

/** Which tickets a list shows; every filter is within what the viewer may read. */
@InputType({
  description:
    'Which tickets a list or a count covers, always within what the viewer may read. An id that does not exist or that the viewer may not see answers NOT_FOUND.',
})
export class TicketFilter implements ListFilter {
  @Field(() => Involvement, {
    nullable: true,
    description: 'How the viewer relates to the tickets; DEPARTMENT is the queue of their departments (every department for an admin).',
  })
  involvement?: Involvement | null;
  @Field(() => [TicketStatus], { nullable: true, description: 'Any of these statuses (ticketCounts: only open statuses when absent).' })
  statuses?: TicketStatus[] | null;
  @Field(() => ID, { nullable: true }) departmentId?: string | null;
  @Field(() => ID, { nullable: true, description: 'This category and all its sub-categories.' }) categoryId?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search (French) over the subject and the entries the viewer may read; a ticket number (53350, #53350 or n°53350) also finds that ticket.',
  })
  search?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'Tickets this user manages ("Gestionnaire"). A user id in a filter must name someone the viewer may see: staff and admins anyone, other people themselves or anyone the people search shows (not an account invited by email that never signed in).',
  })
  managerId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Tickets this user owns ("Propriétaire"); the same rule as managerId for who may be named.',
  })
  ownerId?: string | null;
  @Field(() => [Int], { nullable: true, description: 'Any of these priorities, each 1 (very low) … 5 (very high).' })
  priorities?: number[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: no ticket manager ("aucun"); false: one is set.' })
  unassigned?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'true: the viewer\'s bookmarks ("signets"); false: the others.' })
  bookmarked?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: tickets with an entry the viewer has not seen since their last look; false: the others.',
  })
  unread?: boolean | null;
  @Field(() => TicketOrder, {
    nullable: true,
    defaultValue: DEFAULT_ORDER,
    description: 'Sort order of tickets() (ignored by ticketCounts).',
  })
  orderBy?: TicketOrder | null;
}
