import { coerceInputValue, isInputType, type GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Extensions, Field, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { BadInputError } from '../errors.js';
import { listBound } from '../limits/list-bounds.js';
import { Ticket, type TicketRecord } from '../model/ticket.entity.js';
import type { ListFilter } from '../ticket/ticket-filter.js';
import { ticketLoaders } from '../ticket/ticket.loaders.js';
import { bookmarkTicket, deleteView, markTicketRead, saveView, savedViews, VIEW_LIMITS, type SavedViewRow } from './desk.service.js';

/** A named filter and order of the queue, per person. */
@ObjectType({ simpleResolvers: true, description: 'A saved view of the queue: a name and a TicketFilter.' })
export class SavedView {
  @Field(() => ID) id!: number;
  @Field() name!: string;
  @Field({ description: 'The TicketFilter, as JSON.' }) filter!: string;
}

/** The viewer's marks on a ticket: answered from the list's own row, so a page costs no statement per ticket. */
@Resolver(() => Ticket)
export class DeskTicketResolver {
  @FieldResolver(() => Boolean, {
    description: 'Whether the ticket has an entry the viewer has not seen since their last look ("non lu").',
  })
  unread(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): boolean | Promise<boolean> {
    const marks = ticketLoaders(ctx).desk.get(ticket.id);
    return marks instanceof Promise ? marks.then((m) => m.unread) : marks.unread;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer bookmarked the ticket ("signet").' })
  bookmarked(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): boolean | Promise<boolean> {
    const marks = ticketLoaders(ctx).desk.get(ticket.id);
    return marks instanceof Promise ? marks.then((m) => m.bookmarked) : marks.bookmarked;
  }
}

/** Bookmarks, read marks and saved views: each person's own, never anyone else's. */
@Resolver()
export class DeskResolver {
  @Mutation(() => Ticket, { description: 'Adds (true) or removes (false) the viewer\'s bookmark ("signet").' })
  bookmarkTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('bookmarked', () => Boolean) bookmarked: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<TicketRecord> {
    return bookmarkTicket(ctx, ticketId, bookmarked);
  }

  @Mutation(() => Ticket, { description: 'Records that the viewer has seen the ticket up to now (it is no longer unread).' })
  markTicketRead(@Arg('ticketId', () => ID) ticketId: string, @Ctx() ctx: RequestContext): Promise<TicketRecord> {
    return markTicketRead(ctx, ticketId);
  }

  @Query(() => [SavedView], { description: "The viewer's saved views, by name." })
  @Extensions(listBound(VIEW_LIMITS.count))
  savedViews(@Ctx() ctx: RequestContext): Promise<SavedViewRow[]> {
    return savedViews(ctx);
  }

  @Mutation(() => SavedView, { description: "Creates (no id) or changes one of the viewer's views; filter: a TicketFilter as JSON." })
  saveView(
    @Arg('id', () => ID, { nullable: true }) id: string | null,
    @Arg('name') name: string,
    @Arg('filter') filter: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SavedViewRow> {
    return saveView(ctx, id, name, ticketFilterOf(filter, info));
  }

  @Mutation(() => Boolean, { description: "Deletes one of the viewer's views." })
  deleteView(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return deleteView(ctx, id);
  }
}

/** Longest filter JSON accepted: a filter is a handful of fields. */
const FILTER_CHARS = 4000;

/** The filter JSON checked against the schema's own TicketFilter type, so a view always replays as a valid query. */
function ticketFilterOf(json: string, info: GraphQLResolveInfo): ListFilter {
  if (json.length > FILTER_CHARS) throw new BadInputError(`filter must be at most ${FILTER_CHARS} characters`, 'filter');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new BadInputError('filter must be a TicketFilter as JSON', 'filter');
  }
  const type = info.schema.getType('TicketFilter');
  if (!type || !isInputType(type)) throw new Error('TicketFilter is missing from the schema');
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new BadInputError('filter must be a TicketFilter as JSON', 'filter');
  const problems: string[] = [];
  const coerced: unknown = coerceInputValue(value, type, (path, _invalid, error) => problems.push(`${path.join('.')}: ${error.message}`));
  if (problems.length) throw new BadInputError(`filter is not a TicketFilter (${problems[0].slice(0, 200)})`, 'filter');
  return coerced as ListFilter;
}
