import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../auth/context.js';
import type { Department } from '../catalogue/department.entity.js';
import { relationsTo, ticketReadLevel, type ReadLevel, type TicketFacts } from '../policies/ticket.policy.js';
import type { Viewer } from '../user/user.service.js';
import { type Invitation } from './invitation.entity.js';
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

/** What an action needs to know besides the ticket row, read in one query once the row is locked. */
export interface LockedFacts {
  department: { id: number; confidential: boolean; reopenDays: number; expireDays: number };
  invitations: Pick<Invitation, 'user' | 'invitedBy'>[];
  /** Whether the actor watches the ticket. */
  watching: boolean;
}

/** The department's settings, the invitations and whether the actor watches: one round trip on the hot path. */
export async function lockedFacts(tx: EntityManager, ticket: Ticket, actorId: number | null): Promise<LockedFacts> {
  const rows = await tx.execute<
    { confidential: boolean; reopen_days: number; expire_days: number; invitations: [number, number][]; watching: boolean }[]
  >(
    `select d.confidential, d.reopen_days, d.expire_days,
       coalesce((select json_agg(json_build_array(i.user_id, i.invited_by_id) order by i.id) from invitation i where i.ticket_id = ?), '[]') as invitations,
       exists (select 1 from watcher w where w.ticket_id = ? and w.user_id = ?) as watching
     from department d where d.id = ?`,
    [ticket.id, ticket.id, actorId ?? 0, ticket.department.id],
  );
  const row = rows.at(0);
  if (!row) throw new Error(`department ${ticket.department.id} of ticket ${ticket.id} is missing`);
  return {
    department: { id: ticket.department.id, confidential: row.confidential, reopenDays: row.reopen_days, expireDays: row.expire_days },
    invitations: row.invitations.map(
      ([user, invitedBy]) => ({ user: { id: user }, invitedBy: { id: invitedBy } }) as Pick<Invitation, 'user' | 'invitedBy'>,
    ),
    watching: row.watching,
  };
}

/** The viewer's standing read fresh inside an action's transaction (after the ticket row is locked). */
export function lockedTicketAccess(viewer: Viewer, ticket: Ticket, facts: LockedFacts): TicketAccess {
  return judge(viewer, ticket, facts.department, facts.invitations);
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
  department: Pick<Department, 'confidential'>,
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
