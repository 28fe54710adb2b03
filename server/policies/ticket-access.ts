import DataLoader from 'dataloader';
import { perRequest, type RequestContext } from '../auth/context.js';
import type { Viewer } from '../auth/viewer.js';
import type { Department } from '../model/department.entity.js';
import type { Invitation } from '../model/invitation.entity.js';
import type { Relation } from '../model/ticket-status.js';
import type { Ticket, TicketRecord } from '../model/ticket.entity.js';
import { relationsTo, ticketReadLevel, type ReadLevel, type TicketFacts } from './ticket.policy.js';

/** A viewer's standing on one ticket: the facts, what they may read, how they relate to it. */
export interface TicketAccess {
  facts: TicketFacts;
  level: ReadLevel;
  relations: Set<Relation>;
}

type InvitationIds = Pick<Invitation, 'user' | 'invitedBy'>;
interface AccessRow {
  id: number;
  confidential: boolean;
  invitations: [number, number][];
}

/** The invitations of ticket `t` as [invitee, inviter] pairs, oldest first: what every read of access facts selects (toInvitations reads it). */
export const INVITATIONS_SQL = `coalesce((select json_agg(json_build_array(i.user_id, i.invited_by_id) order by i.id) from invitation i where i.ticket_id = t.id), '[]')`;

/** The facts beyond the ticket row (department confidentiality, invitations) for a page of tickets: one query. */
function accessRows(ctx: RequestContext): DataLoader<number, AccessRow | undefined> {
  return new DataLoader(async (ids) => {
    const rows = await ctx.em.execute<AccessRow[]>(
      `select t.id, d.confidential,
         ${INVITATIONS_SQL} as invitations
       from ticket t join department d on d.id = t.department_id where t.id = any(?::int[])`,
      [`{${ids.join(',')}}`],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  });
}

/** Standings judged in this request, by ticket id: the standing itself once known, a promise while its facts load. */
function judged(): Map<number, TicketAccess | Promise<TicketAccess>> {
  return new Map();
}

/**
 * The viewer's standing for field resolvers: synchronous when a list or the view already judged it
 * (so a field needs no promise), else batched across a page and computed once per request and ticket.
 */
export function accessNow(ctx: RequestContext, ticket: TicketRecord): TicketAccess | Promise<TicketAccess> {
  const cache = perRequest(ctx, judged);
  let access = cache.get(ticket.id);
  if (!access) {
    const pending = perRequest(ctx, accessRows)
      .load(ticket.id)
      .then((row) => {
        const judgedNow = judge(ctx.viewer, ticket, { confidential: row?.confidential ?? true }, toInvitations(row?.invitations ?? []));
        if (cache.get(ticket.id) === pending) cache.set(ticket.id, judgedNow);
        return judgedNow;
      });
    cache.set(ticket.id, (access = pending));
  }
  return access;
}

/** The standing already judged in this request, if any (no statement). */
export function knownAccess(ctx: RequestContext, ticketId: number): TicketAccess | undefined {
  const access = perRequest(ctx, judged).get(ticketId);
  return access instanceof Promise ? undefined : access;
}

/** The viewer's standing, as a promise (for callers that await anyway). */
export function ticketAccess(ctx: RequestContext, ticket: TicketRecord): Promise<TicketAccess> {
  return Promise.resolve(accessNow(ctx, ticket));
}

/**
 * Judges a ticket from facts its read already brought (a list row's department confidentiality and
 * invitations) and keeps the standing for the request's field resolvers: no statement, no promise.
 */
export function judgeRead(
  ctx: RequestContext,
  ticket: TicketRecord,
  confidential: boolean,
  invitations: readonly (readonly [number, number])[],
): TicketAccess {
  const access = judge(ctx.viewer, ticket, { confidential }, toInvitations(invitations));
  perRequest(ctx, judged).set(ticket.id, access);
  return access;
}

/** Forgets cached standings after an action changed a ticket within this request. */
export function forgetAccess(ctx: RequestContext, ticketId: number): void {
  perRequest(ctx, judged).delete(ticketId);
  perRequest(ctx, accessRows).clear(ticketId);
}

/** Invitation pairs [invitee, inviter] as SQL returns them (INVITATIONS_SQL), in the shape the access rules read. */
export function toInvitations(pairs: readonly (readonly [number, number])[]): InvitationIds[] {
  return pairs.map(([user, invitedBy]) => ({ user: { id: user }, invitedBy: { id: invitedBy } }) as InvitationIds);
}

/** What an action needs to know besides the ticket row, read in one query once the row is locked. */
export interface LockedFacts {
  department: { id: number; confidential: boolean; reopenDays: number; expireDays: number };
  invitations: InvitationIds[];
  /** Whether the actor watches the ticket. */
  watching: boolean;
}

/** The columns of `lockedFactsSql`, as PostgreSQL returns them beside the ticket row's own. */
export interface LockedFactsColumns {
  facts_confidential: boolean;
  facts_reopen_days: number;
  facts_expire_days: number;
  facts_invitations: [number, number][];
  facts_watching: boolean;
}

/**
 * The department's settings, the invitations and whether the actor watches, as extra columns of the
 * statement that locks the ticket row (`t`, joined to its department `d`): the facts are read under
 * the same lock, in the same round trip (docs/lifecycle.md, "The runner").
 */
export function lockedFactsSql(actorId: number | null): { sql: string; params: unknown[] } {
  return {
    sql: `d.confidential as facts_confidential, d.reopen_days as facts_reopen_days, d.expire_days as facts_expire_days,
       ${INVITATIONS_SQL} as facts_invitations,
       exists (select 1 from watcher w where w.ticket_id = t.id and w.user_id = ?) as facts_watching`,
    params: [actorId ?? 0],
  };
}

/** The facts read by `lockedFactsSql`, for the ticket of department `departmentId`. */
export function lockedFactsOf(row: LockedFactsColumns, departmentId: number): LockedFacts {
  return {
    department: {
      id: departmentId,
      confidential: row.facts_confidential,
      reopenDays: row.facts_reopen_days,
      expireDays: row.facts_expire_days,
    },
    invitations: toInvitations(row.facts_invitations),
    watching: row.facts_watching,
  };
}

/** The viewer's standing read fresh inside an action's transaction (after the ticket row is locked). */
export function lockedTicketAccess(viewer: Viewer, ticket: Ticket, facts: LockedFacts): TicketAccess {
  return judge(viewer, ticket, facts.department, facts.invitations);
}

function judge(
  viewer: Viewer,
  ticket: TicketRecord,
  department: Pick<Department, 'confidential'>,
  invitations: readonly InvitationIds[],
): TicketAccess {
  return accessFrom(viewer, factsOf(ticket, department, invitations));
}

/** The facts of one loaded ticket, built once and judged for any number of viewers (live events). */
export function factsOf(
  ticket: TicketRecord,
  department: Pick<Department, 'confidential'>,
  invitations: readonly InvitationIds[],
): TicketFacts {
  return {
    ownerId: ticket.owner.id,
    creatorId: ticket.creator.id,
    managerId: ticket.manager?.id ?? null,
    departmentId: ticket.department.id,
    visibility: ticket.visibility,
    confidential: department.confidential,
    inviteeIds: invitations.map((i) => i.user.id),
    inviterIds: invitations.map((i) => i.invitedBy.id),
  };
}

/** A viewer's standing from facts already loaded: pure, so one load serves every subscriber of an event. */
export function accessFrom(viewer: Viewer, facts: TicketFacts): TicketAccess {
  return { facts, level: ticketReadLevel(viewer, facts), relations: relationsTo(viewer, facts) };
}

/** Hands a request a standing judged elsewhere (a live event's subscriber), so its field resolvers query nothing. */
export function primeAccess(ctx: RequestContext, ticketId: number, access: TicketAccess): void {
  perRequest(ctx, judged).set(ticketId, access);
}
