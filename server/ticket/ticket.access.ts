import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../auth/context.js';
import { Department } from '../catalogue/department.entity.js';
import { relationsTo, ticketReadLevel, type ReadLevel, type TicketFacts } from '../policies/ticket.policy.js';
import type { Viewer } from '../user/user.service.js';
import { Invitation } from './invitation.entity.js';
import type { Relation } from './ticket-status.js';
import type { Ticket } from './ticket.entity.js';

/** A viewer's standing on one ticket: the facts, what they may read, how they relate to it. */
export interface TicketAccess {
  facts: TicketFacts;
  level: ReadLevel;
  relations: Set<Relation>;
}

const cache = new WeakMap<RequestContext, Map<number, Promise<TicketAccess>>>();

/** The viewer's standing for field resolvers: batched across a page, computed once per request and ticket. */
export function ticketAccess(ctx: RequestContext, ticket: Ticket): Promise<TicketAccess> {
  let perRequest = cache.get(ctx);
  if (!perRequest) cache.set(ctx, (perRequest = new Map<number, Promise<TicketAccess>>()));
  let access = perRequest.get(ticket.id);
  if (!access) {
    access = Promise.all([
      ticket.department.load({ dataloader: true }) as Promise<Department>,
      ctx.loaders.invitations.load(ticket.id),
    ]).then(([department, invitations]) => judge(ctx.viewer, ticket, department, invitations));
    perRequest.set(ticket.id, access);
  }
  return access;
}

/** The viewer's standing read fresh inside an action's transaction (after the ticket row is locked). */
export async function lockedTicketAccess(tx: EntityManager, viewer: Viewer, ticket: Ticket): Promise<TicketAccess> {
  const [department, invitations] = await Promise.all([
    tx.findOneOrFail(Department, ticket.department.id),
    tx.find(Invitation, { ticket }, { fields: ['user', 'invitedBy'] }),
  ]);
  return judge(viewer, ticket, department, invitations);
}

/** Forgets cached standings after an action changed a ticket within this request. */
export function forgetAccess(ctx: RequestContext, ticketId: number): void {
  cache.get(ctx)?.delete(ticketId);
  ctx.loaders.invitations.clear(ticketId);
  ctx.loaders.watching.clear(ticketId);
  ctx.loaders.history.clear(ticketId);
}

function judge(
  viewer: Viewer,
  ticket: Ticket,
  department: Department,
  invitations: readonly Pick<Invitation, 'user' | 'invitedBy'>[],
): TicketAccess {
  const facts: TicketFacts = {
    ownerId: ticket.owner.id,
    creatorId: ticket.creator.id,
    managerId: ticket.manager?.id ?? null,
    departmentId: ticket.department.id,
    visibility: ticket.visibility,
    confidential: department.confidential,
    inviteeIds: invitations.map((i) => i.user.id),
    inviterIds: invitations.map((i) => i.invitedBy.id),
  };
  return { facts, level: ticketReadLevel(viewer, facts), relations: relationsTo(viewer, facts) };
}
