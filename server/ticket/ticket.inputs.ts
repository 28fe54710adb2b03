import { Field, ID, InputType, Int } from 'type-graphql';
import { UploadScalar, type IncomingFile } from '../shared/upload.js';
import { Involvement, TicketOrigin, TicketVisibility } from './ticket.enums.js';
import { TicketStatus } from './ticket-status.js';
import { OrderDirection, TicketOrderField } from './ticket-list.enums.js';

/** What the wizard sends ("Créer le ticket"), with the files of "Inclure un fichier". */
@InputType()
export class CreateTicketInput {
  @Field(() => ID) categoryId!: string;
  @Field({ description: 'Sujet: 1 to 200 characters.' }) subject!: string;
  @Field({ description: 'Rich text, sanitised on the server; at most 100 000 characters.' }) message!: string;
  @Field(() => Int, { nullable: true, description: '1 (very low) … 5 (very high); default from the category, else 3.' })
  priority?: number;
  @Field(() => TicketVisibility, { nullable: true }) visibility?: TicketVisibility;
  @Field({ nullable: true, description: 'File on behalf of this user (department staff only).' }) ownerUid?: string;
  @Field(() => TicketOrigin, { nullable: true, description: 'Staff only; others always file from the WEB.' })
  origin?: TicketOrigin;
  @Field(() => [UploadScalar], {
    nullable: true,
    description: 'Files of the description (multipart request); an image pasted in the message is written <img src="upload:N">.',
  })
  attachments?: IncomingFile[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      'A key the client makes once per ticket it files (a UUID) and sends again when it retries: a retry with the same key answers the ticket already filed instead of filing another. 1 to 100 visible ASCII characters, unique per caller.',
  })
  clientRequestId?: string | null;
}

/** How a list is sorted (docs/api.md, "The additions for the screens": TicketOrder); the default is the newest activity first. */
@InputType({ description: 'How a ticket list is sorted; ties are broken by number in the same direction.' })
export class TicketOrder {
  @Field(() => TicketOrderField, { defaultValue: TicketOrderField.LAST_ACTIVITY }) field!: TicketOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC }) direction!: OrderDirection;
}

/** The order of a list when the client names none. */
export const DEFAULT_ORDER: Readonly<TicketOrder> = Object.freeze({
  field: TicketOrderField.LAST_ACTIVITY,
  direction: OrderDirection.DESC,
});

/** Which tickets a list shows; every filter is within what the viewer may read. */
@InputType({
  description:
    'Which tickets a list or a count covers, always within what the viewer may read. An id that does not exist or that the viewer may not see answers NOT_FOUND.',
})
export class TicketFilter {
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
  @Field(() => TicketOrder, {
    nullable: true,
    defaultValue: DEFAULT_ORDER,
    description: 'Sort order of tickets() (ignored by ticketCounts).',
  })
  orderBy?: TicketOrder | null;
}

/** Changes to a ticket's properties ("Propriétés"). */
@InputType()
export class UpdateTicketInput {
  @Field({ nullable: true }) subject?: string;
  @Field(() => Int, { nullable: true }) priority?: number;
  @Field(() => TicketVisibility, { nullable: true }) visibility?: TicketVisibility;
  @Field(() => TicketOrigin, { nullable: true }) origin?: TicketOrigin;
  @Field(() => Int, { nullable: true }) spentMinutes?: number;
}
