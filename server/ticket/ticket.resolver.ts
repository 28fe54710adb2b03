import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Extensions, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { listBound } from '../limits/list-bounds.js';
import { canSeeFile } from '../policies/attachment.policy.js';
import { mayReadDetails } from '../policies/ticket.policy.js';
import { Attachment, type AttachmentRecord } from '../model/attachment.entity.js';
import { User, type UserRecord } from '../model/user.entity.js';
import { userRows } from '../user/user.rows.js';
import { related } from '../shared/known-loader.js';
import { Ticket, type TicketRecord } from '../model/ticket.entity.js';
import { TicketFilter } from './ticket.inputs.js';
import { countByStatus, listTickets } from './ticket-list.js';
import { ticketLoaders } from './ticket.loaders.js';
import { connectionParts } from './ticket-parts.js';
import { Selection } from '../shared/selection.js';
import { accessByRef } from './ticket.rows.js';
import { findReadableTicket } from './ticket.service.js';
import { StatusCount, TicketConnection } from './ticket.types.js';
import { TicketStatus } from '../model/ticket-status.js';
import { TicketEvent, type TicketEventRecord } from '../model/ticket-event.entity.js';

/** Tickets: direct access, lists and queue counts, filing (their fields: ticket-fields.resolver.ts). */
@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => Ticket, { nullable: true, description: 'Direct access by number ("Accès direct"); NOT_FOUND when missing or hidden.' })
  async ticket(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TicketRecord> {
    return findReadableTicket(ctx, id);
  }

  @Query(() => TicketConnection, {
    description: 'Tickets the viewer may read, filtered; newest activity first unless filter.orderBy says otherwise.',
  })
  async tickets(
    @Arg('filter', () => TicketFilter, { nullable: true }) filter: TicketFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TicketConnection> {
    const selected = Selection.of(info);
    const counting = selected.has('totalCount') || selected.has('totalCountCapped');
    const page = await listTickets(ctx, filter ?? {}, first ?? 20, after, {}, connectionParts(info), counting);
    return Object.assign(new TicketConnection(), {
      // Getters: a cursor is encoded only if the query selects it.
      edges: page.tickets.map((node, i) => ({
        node,
        get cursor() {
          return page.cursor(i);
        },
      })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        get endCursor() {
          return page.tickets.length ? page.cursor(page.tickets.length - 1) : null;
        },
      },
      count: page.count,
    });
  }

  @Query(() => [StatusCount], {
    description:
      "How many tickets the viewer may read per status, for the queue tabs, with the same filter and read rules as tickets(). Without filter.statuses only the open statuses (FREE, IN_PROGRESS, INCOMPLETE, POSTPONED) are counted; every status asked comes back, zero included, in the enum's order.",
  })
  @Extensions(listBound(Object.keys(TicketStatus).length))
  async ticketCounts(
    @Arg('filter', () => TicketFilter, { nullable: true }) filter: TicketFilter | null,
    @Ctx() ctx: RequestContext,
  ): Promise<StatusCount[]> {
    return countByStatus(ctx, filter ?? {});
  }
}

/** History entries (entities or rows): their author and files. */
@Resolver(() => TicketEvent)
export class TicketEventResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Null for the scheduler.' })
  actor(@Root() event: TicketEventRecord, @Ctx() ctx: RequestContext): UserRecord | Promise<UserRecord> | null {
    return event.actor ? related(event.actor, userRows(ctx)) : null;
  }

  @FieldResolver(() => [Attachment], { description: 'Files attached by this entry that the viewer may see.' })
  // An entry's files came in one request.
  @Extensions(listBound('filesPerEntry'))
  async attachments(@Root() event: TicketEventRecord, @Ctx() ctx: RequestContext): Promise<AttachmentRecord[]> {
    const access = await accessByRef(ctx, event.ticket);
    if (!mayReadDetails(access.level)) return [];
    const files = await ticketLoaders(ctx).attachmentsByEvent.load(event.id);
    return files.filter((f) => canSeeFile(ctx.viewer, access, { visibility: f.visibility, uploaderId: f.uploadedBy.id }));
  }
}
