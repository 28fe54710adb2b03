import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { Category } from '../catalogue/category.entity.js';
import { Department } from '../catalogue/department.entity.js';
import { allowedActionsFor } from '../policies/ticket-actions.policy.js';
import { canSeeEntry, isStaff } from '../policies/ticket.policy.js';
import { Attachment } from '../attachment/attachment.entity.js';
import { User } from '../user/user.entity.js';
import { ticketAccess } from '../policies/ticket-access.js';
import { Ticket } from './ticket.entity.js';
import { TicketFilter } from './ticket.inputs.js';
import { listTickets } from './ticket.list.js';
import { hiddenUser, ticketLoaders } from './ticket.loaders.js';
import { findReadableTicket } from './ticket.service.js';
import { TicketConnection } from './ticket.types.js';
import { TicketEvent } from './ticket-event.entity.js';
import { TicketAction } from './ticket-status.js';

/** Tickets: direct access, lists, filing, and every field with the viewer's rights applied. */
@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => Ticket, { nullable: true, description: 'Direct access by number ("Accès direct"); NOT_FOUND when missing or hidden.' })
  async ticket(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return findReadableTicket(ctx, id);
  }

  @Query(() => TicketConnection, { description: 'Tickets the viewer may read, newest activity first.' })
  async tickets(
    @Arg('filter', () => TicketFilter, { nullable: true }) filter: TicketFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<TicketConnection> {
    const page = await listTickets(ctx, filter ?? {}, first ?? 20, after);
    return {
      edges: page.tickets.map((node, i) => ({ node, cursor: page.cursors[i] })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
      totalCount: page.totalCount,
    };
  }

  @FieldResolver(() => Category)
  async category(@Root() ticket: Ticket): Promise<Category> {
    return ticket.category.load({ dataloader: true }) as Promise<Category>;
  }

  @FieldResolver(() => Department)
  async department(@Root() ticket: Ticket): Promise<Department> {
    return ticket.department.load({ dataloader: true }) as Promise<Department>;
  }

  @FieldResolver(() => User)
  async owner(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User> {
    if ((await ticketAccess(ctx, ticket)).level !== 'FULL') return hiddenUser();
    return ticket.owner.load({ dataloader: true }) as Promise<User>;
  }

  @FieldResolver(() => User)
  async creator(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User> {
    if ((await ticketAccess(ctx, ticket)).level !== 'FULL') return hiddenUser();
    return ticket.creator.load({ dataloader: true }) as Promise<User>;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The ticket manager ("Gestionnaire"); null is "aucun".' })
  async manager(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User | null> {
    if (!ticket.manager || (await ticketAccess(ctx, ticket)).level !== 'FULL') return null;
    return (await ticket.manager.load({ dataloader: true })) ?? null;
  }

  @FieldResolver(() => [TicketEvent], { description: 'Oldest first; only the entries the viewer may see.' })
  async history(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<TicketEvent[]> {
    const access = await ticketAccess(ctx, ticket);
    if (access.level !== 'FULL') return [];
    const events = await ticketLoaders(ctx).history.load(ticket.id);
    return events.filter((e) => canSeeEntry(ctx.viewer, access.facts, { visibility: e.visibility, authorId: e.actor?.id ?? null }));
  }

  @FieldResolver(() => [Attachment])
  async attachments(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Attachment[]> {
    const access = await ticketAccess(ctx, ticket);
    if (access.level !== 'FULL') return [];
    const files = await ctx.em.find(Attachment, { ticket, deletedAt: null }, { orderBy: { id: 'asc' } });
    return files.filter((f) => canSeeEntry(ctx.viewer, access.facts, { visibility: f.visibility, authorId: f.uploadedBy.id }));
  }

  @FieldResolver(() => [User], { description: 'Invited users ("Invités").' })
  async invitees(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User[]> {
    if ((await ticketAccess(ctx, ticket)).level !== 'FULL') return [];
    return (await ticketLoaders(ctx).invitations.load(ticket.id)).map((i) => i.user.getEntity());
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer watches it ("Surveillance du ticket").' })
  async watching(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ticketLoaders(ctx).watching.load(ticket.id);
  }

  @FieldResolver(() => [Ticket], { description: '"Derniers tickets du propriétaire": staff only, else empty.' })
  async ownerRecentTickets(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Ticket[]> {
    if (!isStaff(ctx.viewer, ticket.department.id)) return [];
    const page = await listTickets(ctx, {}, 10, null, { ownerId: ticket.owner.id, excludeId: ticket.id });
    return page.tickets;
  }

  @FieldResolver(() => [TicketAction], { description: 'What the viewer may do now.' })
  async allowedActions(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<TicketAction[]> {
    const [access, watching, department] = await Promise.all([
      ticketAccess(ctx, ticket),
      ticketLoaders(ctx).watching.load(ticket.id),
      ticket.department.load({ dataloader: true }) as Promise<Department>,
    ]);
    return allowedActionsFor(ctx.viewer, access, {
      status: ticket.status,
      managerId: ticket.manager?.id ?? null,
      endedAt: ticket.endedAt,
      reopenDays: department.reopenDays,
      watching,
    });
  }
}

/** History entries: their author and files. */
@Resolver(() => TicketEvent)
export class TicketEventResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Null for the scheduler.' })
  async actor(@Root() event: TicketEvent): Promise<User | null> {
    return event.actor ? ((await event.actor.load({ dataloader: true })) ?? null) : null;
  }

  @FieldResolver(() => [Attachment], { description: 'Files attached by this entry that the viewer may see.' })
  async attachments(@Root() event: TicketEvent, @Ctx() ctx: RequestContext): Promise<Attachment[]> {
    const ticket = (await event.ticket.load({ dataloader: true })) as Ticket;
    const access = await ticketAccess(ctx, ticket);
    if (access.level !== 'FULL') return [];
    const files = await ticketLoaders(ctx).attachmentsByEvent.load(event.id);
    return files.filter((f) => canSeeEntry(ctx.viewer, access.facts, { visibility: f.visibility, authorId: f.uploadedBy.id }));
  }
}
