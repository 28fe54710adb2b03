import { Field, Int, ObjectType } from 'type-graphql';
import { Ticket, type TicketRecord } from '../model/ticket.entity.js';
import type { MatchCount } from './ticket-list.js';
import { TicketStatus } from '../model/ticket-status.js';

/** Relay-style page info for keyset pagination. */
@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** One ticket of a list with its cursor. */
@ObjectType({ simpleResolvers: true })
export class TicketEdge {
  @Field() cursor!: string;
  @Field(() => Ticket) node!: TicketRecord;
}

/** A page of tickets; how many match is counted only when a client asks. */
@ObjectType({
  simpleResolvers: true,
  description: 'A page of tickets. The count runs only when totalCount or totalCountCapped is selected.',
})
export class TicketConnection {
  @Field(() => [TicketEdge]) edges!: TicketEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  /** Counts the matches on first use (both count fields share one count). */
  count!: () => Promise<MatchCount>;

  @Field(() => Int, {
    description:
      'How many tickets match in all. A search stops counting at 1 000 matches, or once it has judged 1 000 tickets (docs/api.md): then this is a floor and totalCountCapped is true.',
  })
  async totalCount(): Promise<number> {
    return (await this.count()).count;
  }

  @Field(() => Boolean, {
    description:
      'True when totalCount is a floor, not the exact number: a search matched more than 1 000 tickets, or its count judged only the first 1 000 tickets its filter and words let through. The results themselves are complete: paging reaches every match.',
  })
  async totalCountCapped(): Promise<boolean> {
    return (await this.count()).capped;
  }
}

/** One queue tab: a status and how many readable tickets have it. */
@ObjectType({ simpleResolvers: true, description: 'How many tickets the viewer may read have this status (ticketCounts).' })
export class StatusCount {
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => Int) count!: number;
}
