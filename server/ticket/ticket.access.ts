import type { RequestContext } from '../auth/context.js';
import type { Department } from '../catalogue/department.entity.js';
import { relationsTo, ticketReadLevel, type ReadLevel, type TicketFacts } from '../policies/ticket.policy.js';
import type { Relation } from './ticket-status.js';
import type { Ticket } from './ticket.entity.js';

/** A viewer's standing on one ticket, computed once per request and ticket. */
export interface TicketAccess {
  facts: TicketFacts;
  level: ReadLevel;
  relations: Set<Relation>;
}

const cache = new WeakMap<RequestContext, Map<number, Promise<TicketAccess>>>();

/** Gathers a ticket's facts (batched across a page) and asks the policy what the viewer may read. */
export function ticketAccess(ctx: RequestContext, ticket: Ticket): Promise<TicketAccess> {
  let perRequest = cache.get(ctx);
  if (!perRequest) cache.set(ctx, (perRequest = new Map()));
  let access = perRequest.get(ticket.id);
  if (!access) {
    access = computeAccess(ctx, ticket);
    perRequest.set(ticket.id, access);
  }
  return access;
}

/** Forgets cached standings after an action changed a ticket within this request. */
export function forgetAccess(ctx: RequestContext, ticketId: number): void {
  cache.get(ctx)?.delete(ticketId);
  ctx.loaders.invitees.clear(ticketId);
  ctx.loaders.watching.clear(ticketId);
}

async function computeAccess(ctx: RequestContext, ticket: Ticket): Promise<TicketAccess> {
  const [department, invitees] = await Promise.all([
    ticket.department.load({ dataloader: true }) as Promise<Department>,
    ctx.loaders.invitees.load(ticket.id),
  ]);
  const facts: TicketFacts = {
    ownerId: ticket.owner.id,
    creatorId: ticket.creator.id,
    managerId: ticket.manager?.id ?? null,
    departmentId: ticket.department.id,
    visibility: ticket.visibility,
    confidential: department.confidential,
    inviteeIds: invitees.map((u) => u.id),
  };
  return { facts, level: ticketReadLevel(ctx.viewer, facts), relations: relationsTo(ctx.viewer, facts) };
}
