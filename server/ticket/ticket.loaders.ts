import DataLoader from 'dataloader';
import { perRequest, type RequestContext } from '../auth/context.js';
import { forgetAccess } from '../policies/ticket-access.js';
import type { AttachmentRecord } from '../model/attachment.entity.js';
import { readAttachments } from '../files/attachment.rows.js';
import { KnownLoader } from '../shared/known-loader.js';
import type { UserRecord } from '../model/user.entity.js';
import { userJsonSql, userRows } from '../user/user.rows.js';
import type { InvitationRecord } from '../model/invitation.entity.js';
import type { TicketEventRecord } from '../model/ticket-event.entity.js';
import { readHistory } from './ticket-event.rows.js';
import { runPrepared } from '../db/prepared.js';
import { DESK_FLAGS, TICKETS_FROM } from './ticket-filter.js';

/**
 * Per-request batch loaders: a page of tickets costs one query per kind, not one per ticket. Each reads
 * plain rows by SQL (no entity, no unit of work); live deliveries prime history and invitations with entities.
 */
export interface TicketLoaders {
  invitations: DataLoader<number, InvitationRecord[]>;
  /** Whether the viewer watches each ticket; lists and the view prime it from their row. */
  watching: KnownLoader<number, boolean>;
  /** The viewer's bookmark and unread marks of each ticket (server/desk/); lists and the view prime it from their row. */
  desk: KnownLoader<number, DeskMarks>;
  /** Who watches each ticket ("Personnes en surveillance"), by display name. */
  watchers: DataLoader<number, UserRecord[]>;
  attachmentsByEvent: DataLoader<string, AttachmentRecord[]>;
  /** Each ticket's files not deleted, oldest first (the viewer's rules filter them later). */
  attachments: DataLoader<number, AttachmentRecord[]>;
  history: DataLoader<number, TicketEventRecord[]>;
}

/** The viewer's desk marks of a ticket. */
export interface DeskMarks {
  bookmarked: boolean;
  unread: boolean;
}

/** The request's ticket loaders (built on first use; they cache for that request only). */
export function ticketLoaders(ctx: RequestContext): TicketLoaders {
  return perRequest(ctx, createTicketLoaders);
}

/** Forgets what the request cached about a ticket after an action changed it. */
export function forgetTicket(ctx: RequestContext, ticketId: number): void {
  forgetAccess(ctx, ticketId);
  const loaders = ticketLoaders(ctx);
  loaders.invitations.clear(ticketId);
  loaders.watching.clear(ticketId);
  loaders.desk.clear(ticketId);
  loaders.watchers.clear(ticketId);
  loaders.history.clear(ticketId);
  loaders.attachments.clear(ticketId);
}

function createTicketLoaders(ctx: RequestContext): TicketLoaders {
  const { em, viewer } = ctx;
  return {
    // Invitees join the request's people, so resolving them needs no statement of its own.
    invitations: new DataLoader(async (ticketIds) => {
      const rows = await runPrepared<{ ticket_id: number; u: UserRecord }[]>(
        em,
        `select i.ticket_id, ${userJsonSql('u')} as u from invitation i join app_user u on u.id = i.user_id
         where i.ticket_id = any(?::int[]) order by i.id`,
        [`{${ticketIds.join(',')}}`],
        'generic',
      );
      const users = userRows(ctx);
      for (const r of rows) users.prime(r.u.id, r.u);
      return ticketIds.map((id) => rows.filter((r) => r.ticket_id === id).map((r) => ({ user: r.u })));
    }),
    watching: new KnownLoader(async (ticketIds) => {
      const rows = await runPrepared<{ ticket_id: number }[]>(
        em,
        'select w.ticket_id from watcher w where w.ticket_id = any(?::int[]) and w.user_id = ?',
        [`{${ticketIds.join(',')}}`, viewer.userId],
        'generic',
      );
      const watched = new Set(rows.map((r) => r.ticket_id));
      return ticketIds.map((id) => watched.has(id));
    }),
    desk: new KnownLoader(async (ticketIds) => {
      const bookmarked = DESK_FLAGS.bookmarked(viewer);
      const unread = DESK_FLAGS.unread(viewer);
      const rows = await em.execute<({ id: number } & DeskMarks)[]>(
        `select t.id, ${bookmarked.sql} as bookmarked, ${unread.sql} as unread ${TICKETS_FROM} where t.id = any(?::int[])`,
        [...bookmarked.params, ...unread.params, `{${ticketIds.join(',')}}`],
      );
      const marks = new Map(rows.map((r) => [r.id, { bookmarked: r.bookmarked, unread: r.unread }]));
      return ticketIds.map((id) => marks.get(id) ?? { bookmarked: false, unread: false });
    }),
    watchers: new DataLoader(async (ticketIds) => {
      const rows = await runPrepared<{ ticket_id: number; u: UserRecord }[]>(
        em,
        `select w.ticket_id, ${userJsonSql('u')} as u from watcher w join app_user u on u.id = w.user_id
         where w.ticket_id = any(?::int[]) order by u.display_name, w.id`,
        [`{${ticketIds.join(',')}}`],
        'generic',
      );
      return ticketIds.map((id) => rows.filter((r) => r.ticket_id === id).map((r) => r.u));
    }),
    history: new DataLoader(async (ticketIds) => {
      const rows = await readHistory(ctx, ticketIds);
      return ticketIds.map((id) => rows.filter((r) => r.ticket.id === id));
    }),
    attachments: new DataLoader(async (ticketIds) => {
      const rows = await readAttachments(ctx, 'ticket', ticketIds);
      return ticketIds.map((id) => rows.filter((r) => r.ticket.id === id));
    }),
    attachmentsByEvent: new DataLoader(async (eventIds) => {
      const rows = await readAttachments(ctx, 'event', eventIds);
      return eventIds.map((id) => rows.filter((r) => r.event.id === id));
    }),
  };
}
