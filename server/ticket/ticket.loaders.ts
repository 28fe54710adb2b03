import DataLoader from 'dataloader';
import { perRequest, type RequestContext } from '../auth/context.js';
import { forgetAccess } from '../policies/ticket-access.js';
import { Attachment } from '../attachment/attachment.entity.js';
import { KnownLoader } from '../shared/known-loader.js';
import type { UserRecord } from '../user/user.entity.js';
import { userJsonSql } from '../user/user.rows.js';
import { Invitation } from './invitation.entity.js';
import { TicketEvent } from './ticket-event.entity.js';
import { Watcher } from './watcher.entity.js';

/** Per-request batch loaders: a page of tickets costs one query per kind, not one per ticket. */
export interface TicketLoaders {
  invitations: DataLoader<number, Invitation[]>;
  /** Whether the viewer watches each ticket; lists and the view prime it from their row. */
  watching: KnownLoader<number, boolean>;
  /** Who watches each ticket ("Personnes en surveillance"), by display name. */
  watchers: DataLoader<number, UserRecord[]>;
  attachmentsByEvent: DataLoader<string, Attachment[]>;
  /** Each ticket's files not deleted, oldest first (the viewer's rules filter them later). */
  attachments: DataLoader<number, Attachment[]>;
  history: DataLoader<number, TicketEvent[]>;
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
  loaders.watchers.clear(ticketId);
  loaders.history.clear(ticketId);
  loaders.attachments.clear(ticketId);
}

function createTicketLoaders({ em, viewer }: RequestContext): TicketLoaders {
  const viewerId = viewer.userId;
  return {
    invitations: new DataLoader(async (ticketIds) => {
      const rows = await em.find(Invitation, { ticket: { $in: [...ticketIds] } }, { populate: ['user'], orderBy: { id: 'asc' } });
      return ticketIds.map((id) => rows.filter((r) => r.ticket.id === id));
    }),
    watching: new KnownLoader(async (ticketIds) => {
      const rows = await em.find(Watcher, { ticket: { $in: [...ticketIds] }, user: viewerId }, { fields: ['ticket'] });
      const watched = new Set(rows.map((r) => r.ticket.id));
      return ticketIds.map((id) => watched.has(id));
    }),
    watchers: new DataLoader(async (ticketIds) => {
      const rows = await em.execute<{ ticket_id: number; u: UserRecord }[]>(
        `select w.ticket_id, ${userJsonSql('u')} as u from watcher w join app_user u on u.id = w.user_id
         where w.ticket_id = any(?::int[]) order by u.display_name, w.id`,
        [`{${ticketIds.join(',')}}`],
      );
      return ticketIds.map((id) => rows.filter((r) => r.ticket_id === id).map((r) => r.u));
    }),
    history: new DataLoader(async (ticketIds) => {
      const rows = await em.find(TicketEvent, { ticket: { $in: [...ticketIds] } }, { orderBy: { id: 'asc' } });
      return ticketIds.map((id) => rows.filter((r) => r.ticket.id === id));
    }),
    attachments: new DataLoader(async (ticketIds) => {
      const rows = await em.find(Attachment, { ticket: { $in: [...ticketIds] }, deletedAt: null }, { orderBy: { id: 'asc' } });
      return ticketIds.map((id) => rows.filter((r) => r.ticket.id === id));
    }),
    attachmentsByEvent: new DataLoader(async (eventIds) => {
      const rows = await em.find(Attachment, { event: { $in: [...eventIds] }, deletedAt: null }, { orderBy: { id: 'asc' } });
      return eventIds.map((id) => rows.filter((r) => r.event.id === id));
    }),
  };
}
