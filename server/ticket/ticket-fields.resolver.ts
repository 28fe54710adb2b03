import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { Attachment } from '../attachment/attachment.entity.js';
import { Category } from '../catalogue/category.entity.js';
import { Department } from '../catalogue/department.entity.js';
import { canSeeFile } from '../policies/attachment.policy.js';
import { ticketAccess } from '../policies/ticket-access.js';
import { allowedActionsFor } from '../policies/ticket-actions.policy.js';
import { canSeeEntry, mayReadDetails, mayReadStaffFields } from '../policies/ticket.policy.js';
import { User } from '../user/user.entity.js';
import { Ticket } from './ticket.entity.js';
import { TicketOrigin, TicketVisibility } from './ticket.enums.js';
import { listTickets } from './ticket.list.js';
import { ticketLoaders } from './ticket.loaders.js';
import { TicketEvent } from './ticket-event.entity.js';
import { TicketAction } from './ticket-status.js';

const SUBJECT_ONLY = 'Null for someone who may only read the subject.';
const detail = (description = '') => ({ nullable: true, description: `${description} ${SUBJECT_ONLY}`.trim() });
const staffOnly = (description: string) => ({
  nullable: true,
  description: `${description} Staff of its department only; null for others.`,
});

/** Every field of a ticket beyond its number, subject, status and creation date, with the viewer's rights applied. */
@Resolver(() => Ticket)
export class TicketFieldsResolver {
  @FieldResolver(() => Int, detail('1 (very low) … 5 (very high).'))
  priority(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<number | null> {
    return ifDetails(ctx, ticket, () => ticket.priority);
  }

  @FieldResolver(() => TicketVisibility, detail())
  visibility(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<TicketVisibility | null> {
    return ifDetails(ctx, ticket, () => ticket.visibility);
  }

  @FieldResolver(() => TicketOrigin, staffOnly('How the request arrived.'))
  origin(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): TicketOrigin | null {
    return mayReadStaffFields(ctx.viewer, ticket.department.id) ? ticket.origin : null;
  }

  @FieldResolver(() => Int, staffOnly('Time spent, in minutes ("Temps passé").'))
  spentMinutes(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): number | null {
    return mayReadStaffFields(ctx.viewer, ticket.department.id) ? ticket.spentMinutes : null;
  }

  @FieldResolver(() => Category, detail())
  category(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Category | null> {
    return ifDetails(ctx, ticket, () => ticket.category.load({ dataloader: true }) as Promise<Category>);
  }

  @FieldResolver(() => Department, detail())
  department(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Department | null> {
    return ifDetails(ctx, ticket, () => ticket.department.load({ dataloader: true }) as Promise<Department>);
  }

  @FieldResolver(() => User, detail('The person the ticket is for ("Propriétaire").'))
  owner(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ifDetails(ctx, ticket, () => ticket.owner.load({ dataloader: true }) as Promise<User>);
  }

  @FieldResolver(() => User, detail('Who filed it (staff may file on behalf of the owner).'))
  creator(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ifDetails(ctx, ticket, () => ticket.creator.load({ dataloader: true }) as Promise<User>);
  }

  @FieldResolver(() => User, detail('The ticket manager ("Gestionnaire"); null is "aucun".'))
  async manager(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User | null> {
    const manager = ticket.manager;
    if (!manager) return null;
    return ifDetails(ctx, ticket, async () => (await manager.load({ dataloader: true })) ?? null);
  }

  @FieldResolver(() => Date, detail('Last change of its properties.'))
  updatedAt(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.updatedAt);
  }

  @FieldResolver(() => Date, detail('When its last history entry was written (lists sort on it by default).'))
  lastActivityAt(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.lastActivityAt);
  }

  @FieldResolver(() => Date, detail('When a postponed ticket comes back.'))
  recallAt(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.recallAt);
  }

  @FieldResolver(() => Date, detail('When the closure was requested.'))
  closureRequestedAt(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.closureRequestedAt);
  }

  @FieldResolver(() => Date, detail('When it reached a closed status.'))
  endedAt(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.endedAt);
  }

  @FieldResolver(() => [TicketEvent], { description: 'Oldest first; only the entries the viewer may see.' })
  async history(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<TicketEvent[]> {
    const access = await ticketAccess(ctx, ticket);
    if (!mayReadDetails(access.level)) return [];
    const events = await ticketLoaders(ctx).history.load(ticket.id);
    return events.filter((e) => canSeeEntry(ctx.viewer, access.facts, { visibility: e.visibility, authorId: e.actor?.id ?? null }));
  }

  @FieldResolver(() => [Attachment])
  async attachments(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Attachment[]> {
    const access = await ticketAccess(ctx, ticket);
    if (!mayReadDetails(access.level)) return [];
    const files = await ctx.em.find(Attachment, { ticket, deletedAt: null }, { orderBy: { id: 'asc' } });
    return files.filter((f) => canSeeFile(ctx.viewer, access, { visibility: f.visibility, uploaderId: f.uploadedBy.id }));
  }

  @FieldResolver(() => [User], { description: 'Invited users ("Invités").' })
  async invitees(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User[]> {
    if (!mayReadDetails((await ticketAccess(ctx, ticket)).level)) return [];
    return (await ticketLoaders(ctx).invitations.load(ticket.id)).map((i) => i.user.getEntity());
  }

  @FieldResolver(() => [User], { description: '"Personnes en surveillance": staff of its department only, else empty.' })
  async watchers(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<User[]> {
    if (!mayReadStaffFields(ctx.viewer, ticket.department.id)) return [];
    return ticketLoaders(ctx).watchers.load(ticket.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer watches it ("Surveillance du ticket").' })
  async watching(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ticketLoaders(ctx).watching.load(ticket.id);
  }

  @FieldResolver(() => [Ticket], { description: '"Derniers tickets du propriétaire": staff only, else empty.' })
  async ownerRecentTickets(@Root() ticket: Ticket, @Ctx() ctx: RequestContext): Promise<Ticket[]> {
    if (!mayReadStaffFields(ctx.viewer, ticket.department.id)) return [];
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

/** The value for someone who reads the ticket in full; null for a subject-only reader. */
async function ifDetails<T>(ctx: RequestContext, ticket: Ticket, value: () => T | Promise<T>): Promise<T | null> {
  return mayReadDetails((await ticketAccess(ctx, ticket)).level) ? value() : null;
}
