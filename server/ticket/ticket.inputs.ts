import { Field, ID, InputType, Int } from 'type-graphql';
import { Involvement, TicketOrigin, TicketVisibility } from './ticket.enums.js';
import { TicketStatus } from './ticket-status.js';

/** What the wizard sends ("Créer le ticket"); files come with the attachments issue. */
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
}

/** Which tickets a list shows; every filter is within what the viewer may read. */
@InputType()
export class TicketFilter {
  @Field(() => Involvement, { nullable: true }) involvement?: Involvement;
  @Field(() => [TicketStatus], { nullable: true }) statuses?: TicketStatus[];
  @Field(() => ID, { nullable: true }) departmentId?: string;
  @Field(() => ID, { nullable: true }) categoryId?: string;
  @Field({ nullable: true, description: 'Full-text search (French) over the subject and the entries the viewer may read.' })
  search?: string;
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
