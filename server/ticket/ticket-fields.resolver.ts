import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Extensions, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { Attachment, type AttachmentRecord } from '../model/attachment.entity.js';
import { Category, type CategoryRecord } from '../model/category.entity.js';
import { catalogueRows } from '../catalogue/category.rows.js';
import { Department, type DepartmentRecord } from '../model/department.entity.js';
import { listBound } from '../limits/list-bounds.js';
import { canSeeFile } from '../policies/attachment.policy.js';
import { accessNow, ticketAccess, type TicketAccess } from '../policies/ticket-access.js';
import { allowedActionsFor } from '../policies/ticket-actions.policy.js';
import { canSeeEntry, mayReadDetails, mayReadStaffFields } from '../policies/ticket.policy.js';
import { related } from '../shared/known-loader.js';
import { User, type UserRecord } from '../model/user.entity.js';
import { userRows } from '../user/user.rows.js';
import { Ticket, type TicketRecord } from '../model/ticket.entity.js';
import { TicketOrigin, TicketVisibility } from '../model/ticket.enums.js';
import { listTickets } from './ticket-list.js';
import { ticketLoaders } from './ticket.loaders.js';
import { listParts } from './ticket-parts.js';
import { TicketEvent, type TicketEventRecord } from '../model/ticket-event.entity.js';
import { TicketAction } from '../model/ticket-status.js';

const SUBJECT_ONLY = 'Null for someone who may only read the subject.';
const detail = (description = '') => ({ nullable: true, description: `${description} ${SUBJECT_ONLY}`.trim() });
const staffOnly = (description: string) => ({
  nullable: true,
  description: `${description} Staff of its department only; null for others.`,
});

// The most items each list of a ticket shows: the query cost counts a list at its maximum (limits/list-bounds.ts).
const HISTORY_SHOWN = 200;
const FILES_SHOWN = 100;
const PEOPLE_SHOWN = 50;
const OWNER_RECENT = 10;

/** A value now or later: resolvers answer synchronously when the request already knows what they need. */
type Maybe<T> = T | Promise<T>;

/**
 * Every field of a ticket beyond its subject, status and creation date, with the viewer's rights
 * applied. Roots are entities (mutation results, live payloads) or plain rows (lists, the view):
 * both are TicketRecords. A list or the view has judged the access and primed the related rows, so
 * most fields here return a value, not a promise.
 */
@Resolver(() => Ticket)
export class TicketFieldsResolver {
  @FieldResolver(() => Int)
  number(@Root() ticket: TicketRecord): number {
    return ticket.id;
  }

  @FieldResolver(() => Int, detail('1 (very low) … 5 (very high).'))
  priority(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<number | null> {
    return ifDetails(ctx, ticket, () => ticket.priority);
  }

  @FieldResolver(() => TicketVisibility, detail())
  visibility(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<TicketVisibility | null> {
    return ifDetails(ctx, ticket, () => ticket.visibility);
  }

  @FieldResolver(() => TicketOrigin, staffOnly('How the request arrived.'))
  origin(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): TicketOrigin | null {
    return mayReadStaffFields(ctx.viewer, ticket.department.id) ? ticket.origin : null;
  }

  @FieldResolver(() => Int, staffOnly('Time spent, in minutes ("Temps passé").'))
  spentMinutes(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): number | null {
    return mayReadStaffFields(ctx.viewer, ticket.department.id) ? ticket.spentMinutes : null;
  }

  @FieldResolver(() => Category, detail())
  category(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<CategoryRecord | null> {
    return ifDetails(ctx, ticket, () => related(ticket.category, catalogueRows(ctx).categories));
  }

  @FieldResolver(() => Department, detail())
  department(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<DepartmentRecord | null> {
    return ifDetails(ctx, ticket, () => related(ticket.department, catalogueRows(ctx).departments));
  }

  @FieldResolver(() => User, detail('The person the ticket is for ("Propriétaire").'))
  owner(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<UserRecord | null> {
    return ifDetails(ctx, ticket, () => related(ticket.owner, userRows(ctx)));
  }

  @FieldResolver(() => User, detail('Who filed it (staff may file on behalf of the owner).'))
  creator(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<UserRecord | null> {
    return ifDetails(ctx, ticket, () => related(ticket.creator, userRows(ctx)));
  }

  @FieldResolver(() => User, detail('The ticket manager ("Gestionnaire"); null is "aucun".'))
  manager(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<UserRecord | null> {
    const manager = ticket.manager;
    if (!manager) return null;
    return ifDetails(ctx, ticket, () => related(manager, userRows(ctx)));
  }

  @FieldResolver(() => Date, detail('Last change of its properties.'))
  updatedAt(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.updatedAt);
  }

  @FieldResolver(() => Date, detail('When its last history entry was written (lists sort on it by default).'))
  lastActivityAt(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.lastActivityAt);
  }

  @FieldResolver(() => Date, detail('When a postponed ticket comes back.'))
  recallAt(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.recallAt);
  }

  @FieldResolver(() => Date, detail('When the closure was requested.'))
  closureRequestedAt(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.closureRequestedAt);
  }

  @FieldResolver(() => Date, detail('When it reached a closed status.'))
  endedAt(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<Date | null> {
    return ifDetails(ctx, ticket, () => ticket.endedAt);
  }

  @FieldResolver(() => [TicketEvent], {
    description: `Oldest first; only the entries the viewer may see, ${HISTORY_SHOWN} at most: the first (the request) and the newest.`,
  })
  @Extensions(listBound(HISTORY_SHOWN))
  async history(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Promise<TicketEventRecord[]> {
    const access = await ticketAccess(ctx, ticket);
    if (!mayReadDetails(access.level)) return [];
    const events = await ticketLoaders(ctx).history.load(ticket.id);
    const seen = events.filter((e) => canSeeEntry(ctx.viewer, access.facts, { visibility: e.visibility, authorId: e.actor?.id ?? null }));
    return seen.length <= HISTORY_SHOWN ? seen : [seen[0], ...seen.slice(seen.length - HISTORY_SHOWN + 1)];
  }

  @FieldResolver(() => [Attachment], { description: `The files the viewer may see, the newest ${FILES_SHOWN} at most.` })
  @Extensions(listBound(FILES_SHOWN))
  async attachments(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Promise<AttachmentRecord[]> {
    const access = await ticketAccess(ctx, ticket);
    if (!mayReadDetails(access.level)) return [];
    const files = await ticketLoaders(ctx).attachments.load(ticket.id);
    return files
      .filter((f) => canSeeFile(ctx.viewer, access, { visibility: f.visibility, uploaderId: f.uploadedBy.id }))
      .slice(-FILES_SHOWN);
  }

  @FieldResolver(() => [User], { description: `Invited users ("Invités"), the first ${PEOPLE_SHOWN} invited.` })
  @Extensions(listBound(PEOPLE_SHOWN))
  async invitees(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Promise<UserRecord[]> {
    if (!mayReadDetails((await ticketAccess(ctx, ticket)).level)) return [];
    const users = userRows(ctx);
    const invitations = (await ticketLoaders(ctx).invitations.load(ticket.id)).slice(0, PEOPLE_SHOWN);
    return Promise.all(invitations.map(async (i) => related(i.user, users)));
  }

  @FieldResolver(() => [User], {
    description: `"Personnes en surveillance" (the first ${PEOPLE_SHOWN}): staff of its department only, else empty.`,
  })
  @Extensions(listBound(PEOPLE_SHOWN))
  async watchers(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Promise<UserRecord[]> {
    if (!mayReadStaffFields(ctx.viewer, ticket.department.id)) return [];
    return (await ticketLoaders(ctx).watchers.load(ticket.id)).slice(0, PEOPLE_SHOWN);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer watches it ("Surveillance du ticket").' })
  watching(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Maybe<boolean> {
    return ticketLoaders(ctx).watching.get(ticket.id);
  }

  @FieldResolver(() => [Ticket], { description: '"Derniers tickets du propriétaire": staff only, else empty.' })
  @Extensions(listBound(OWNER_RECENT))
  async ownerRecentTickets(
    @Root() ticket: TicketRecord,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TicketRecord[]> {
    if (!mayReadStaffFields(ctx.viewer, ticket.department.id)) return [];
    const scope = { ownerId: ticket.owner.id, excludeId: ticket.id };
    const page = await listTickets(ctx, {}, OWNER_RECENT, null, scope, listParts(info));
    return page.tickets;
  }

  @FieldResolver(() => [TicketAction], { description: 'What the viewer may do now.' })
  async allowedActions(@Root() ticket: TicketRecord, @Ctx() ctx: RequestContext): Promise<TicketAction[]> {
    const [access, watching, department] = await Promise.all([
      ticketAccess(ctx, ticket),
      ticketLoaders(ctx).watching.load(ticket.id),
      related(ticket.department, catalogueRows(ctx).departments),
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

/** The value for someone who reads the ticket in full; null for a subject-only reader (synchronous once the access is judged). */
function ifDetails<T>(ctx: RequestContext, ticket: TicketRecord, value: () => Maybe<T>): Maybe<T | null> {
  const access = accessNow(ctx, ticket);
  return access instanceof Promise ? access.then((a) => shown(a, value)) : shown(access, value);
}

function shown<T>(access: TicketAccess, value: () => Maybe<T>): Maybe<T | null> {
  return mayReadDetails(access.level) ? value() : null;
}
