import { Field, Int, ObjectType } from 'type-graphql';
import { Ticket } from './ticket.entity.js';

/** Relay-style page info for keyset pagination. */
@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** One ticket of a list with its cursor. */
@ObjectType()
export class TicketEdge {
  @Field() cursor!: string;
  @Field(() => Ticket) node!: Ticket;
}

/** A page of tickets and how many match in all. */
@ObjectType()
export class TicketConnection {
  @Field(() => [TicketEdge]) edges!: TicketEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
