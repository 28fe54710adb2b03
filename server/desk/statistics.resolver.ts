import { Arg, Ctx, Extensions, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { listBound } from '../limits/list-bounds.js';
import { TicketOrigin } from '../model/ticket.enums.js';
import { TicketStatus } from '../model/ticket-status.js';
import type { RequestContext } from '../auth/context.js';
import { BUSIEST_REQUESTERS, type TicketStatisticsRow } from './statistics.rows.js';
import { ticketStatistics } from './statistics.service.js';

@ObjectType({ simpleResolvers: true, description: 'A count for one key (a category id, an origin, a status).' })
export class CountBy {
  @Field() key!: string;
  @Field() label!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A requester (the owner of tickets) and how many tickets they had in the period.' })
export class RequesterCount {
  @Field() uid!: string;
  @Field() name!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Median and 90th percentile of a duration, over `count` tickets.' })
export class Percentiles {
  @Field(() => Float, { nullable: true }) median!: number | null;
  @Field(() => Float, { nullable: true }) p90!: number | null;
  @Field(() => Int) count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Open tickets at the end of a day (UTC).' })
export class BacklogPoint {
  @Field({ description: 'YYYY-MM-DD' }) day!: string;
  @Field(() => Int) open!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Figures of the tickets created in a period, computed from the history.' })
export class TicketStatistics {
  @Field(() => Int) created!: number;
  @Field(() => [CountBy]) @Extensions(listBound('categories')) byCategory!: CountBy[];
  @Field(() => [CountBy]) @Extensions(listBound(Object.keys(TicketOrigin).length)) byOrigin!: CountBy[];
  @Field(() => [CountBy], { description: 'By current status.' })
  @Extensions(listBound(Object.keys(TicketStatus).length))
  byStatus!: CountBy[];
  @Field(() => [RequesterCount], { description: `The ${BUSIEST_REQUESTERS} owners of the most tickets created in the period, most first.` })
  @Extensions(listBound(BUSIEST_REQUESTERS))
  busiestRequesters!: RequesterCount[];
  @Field(() => Percentiles) firstResponseMinutes!: Percentiles;
  @Field(() => Percentiles) resolutionMinutes!: Percentiles;
  @Field(() => Int) spentMinutes!: number;
  @Field(() => Int, { description: 'Tickets reopened within the period.' }) reopened!: number;
  // One point a day of a period of at most 5 years (statistics.service.ts refuses longer ones).
  @Field(() => [BacklogPoint]) @Extensions(listBound(5 * 366 + 1)) backlog!: BacklogPoint[];
}

/** ticketStatistics: supervisors for their departments, admins for any or all. */
@Resolver()
export class StatisticsResolver {
  @Query(() => TicketStatistics, { description: 'A department’s figures for [from, to) (at most 5 years); all departments for admins.' })
  ticketStatistics(
    @Arg('departmentId', () => ID, { nullable: true }) departmentId: string | null,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<TicketStatisticsRow> {
    return ticketStatistics(ctx, departmentId, from, to);
  }
}
