import type { RequestContext } from '../auth/context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { parseId } from '../shared/ids.js';
import type { ListFilter } from '../ticket/ticket-filter.js';
import { forgetTicket } from '../ticket/ticket.loaders.js';
import type { TicketRow } from '../ticket/ticket.rows.js';
import { findReadableTicket } from '../ticket/ticket.service.js';

/** Longest name of a saved view, and how many one person keeps (a queue's tabs, not a store). */
export const VIEW_LIMITS = { name: 100, count: 50 } as const;

/** A saved view as read: its filter as the JSON the client gave (normalised by the TicketFilter type). */
export interface SavedViewRow {
  id: number;
  name: string;
  filter: string;
}

/** Adds or removes the viewer's bookmark of a ticket they may read (else NOT_FOUND); the ticket read again, marks fresh. */
export async function bookmarkTicket(ctx: RequestContext, ticketId: string, bookmarked: boolean): Promise<TicketRow> {
  const ticket = await findReadableTicket(ctx, ticketId);
  const args = [ctx.viewer.userId, ticket.id];
  if (bookmarked) await ctx.em.execute('insert into ticket_bookmark (user_id, ticket_id) values (?, ?) on conflict do nothing', args);
  else await ctx.em.execute('delete from ticket_bookmark where user_id = ? and ticket_id = ?', args);
  forgetTicket(ctx, ticket.id);
  return findReadableTicket(ctx, ticket.id);
}

/**
 * Records that the viewer has seen the ticket up to now: at least its newest entry, so an entry
 * stamped a moment ahead of the database clock never stays unread.
 */
export async function markTicketRead(ctx: RequestContext, ticketId: string): Promise<TicketRow> {
  const ticket = await findReadableTicket(ctx, ticketId);
  await ctx.em.execute(
    `insert into ticket_read (user_id, ticket_id, read_at)
     values (?, ?, greatest(now(), (select max(e.at) from ticket_event e where e.ticket_id = ?)))
     on conflict (user_id, ticket_id) do update set read_at = excluded.read_at`,
    [ctx.viewer.userId, ticket.id, ticket.id],
  );
  forgetTicket(ctx, ticket.id);
  return findReadableTicket(ctx, ticket.id);
}

/** The viewer's saved views, by name. */
export async function savedViews(ctx: RequestContext): Promise<SavedViewRow[]> {
  return ctx.em.execute<SavedViewRow[]>(
    `select id, name, filter::text as filter from saved_view where user_id = ? order by lower(name), id`,
    [ctx.viewer.userId],
  );
}

/**
 * Creates (no id) or renames/refilters (id) one of the viewer's views. The filter arrives checked
 * against the TicketFilter type (desk.resolver.ts); a name is 1–100 characters and unique per person.
 */
export async function saveView(
  ctx: RequestContext,
  id: string | null | undefined,
  name: string,
  filter: ListFilter,
): Promise<SavedViewRow> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > VIEW_LIMITS.name) throw new BadInputError(`name must be 1 to ${VIEW_LIMITS.name} characters`, 'name');
  const me = ctx.viewer.userId;
  const viewId = id == null ? null : parseId('SavedView', id);
  const [taken] = await ctx.em.execute<{ n: number; same: number }[]>(
    `select count(*)::int as n, count(*) filter (where lower(name) = lower(?) and id is distinct from ?)::int as same
     from saved_view where user_id = ?`,
    [trimmed, viewId, me],
  );
  if (taken.same > 0) throw new BadInputError('A view of that name exists already', 'name');
  const json = JSON.stringify(filter);
  if (viewId === null) {
    if (taken.n >= VIEW_LIMITS.count) throw new BadInputError(`At most ${VIEW_LIMITS.count} saved views`, 'name');
    const [row] = await ctx.em.execute<SavedViewRow[]>(
      `insert into saved_view (user_id, name, filter) values (?, ?, ?::jsonb) returning id, name, filter::text as filter`,
      [me, trimmed, json],
    );
    return row;
  }
  const row = (
    await ctx.em.execute<SavedViewRow[]>(
      `update saved_view set name = ?, filter = ?::jsonb where id = ? and user_id = ? returning id, name, filter::text as filter`,
      [trimmed, json, viewId, me],
    )
  ).at(0);
  if (!row) throw new NotFoundError('SavedView');
  return row;
}

/** Deletes one of the viewer's views; someone else's, or none, is NOT_FOUND. */
export async function deleteView(ctx: RequestContext, id: string): Promise<boolean> {
  const rows = await ctx.em.execute<{ id: number }[]>('delete from saved_view where id = ? and user_id = ? returning id', [
    parseId('SavedView', id),
    ctx.viewer.userId,
  ]);
  if (!rows.length) throw new NotFoundError('SavedView');
  return true;
}
