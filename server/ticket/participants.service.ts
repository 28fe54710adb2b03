import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../auth/context.js';
import { BadInputError } from '../errors.js';
import { escapeLike } from '../shared/sql.js';
import { isEmail } from '../shared/values.js';
import { assertMayRemoveInvitation } from '../policies/ticket-actions.policy.js';
import { User } from '../user/user.entity.js';
import { provisionalUid } from '../auth/sign-in.js';
import { Invitation } from './invitation.entity.js';
import { act, entryFor, type EntryOptions } from './lifecycle.service.js';
import type { Ticket } from './ticket.entity.js';
import { TicketEventType } from './ticket.enums.js';
import { TicketAction } from './ticket-status.js';
import { Watcher } from './watcher.entity.js';

/** "Inviter un utilisateur", by uid or email; an unknown email becomes a user who claims it at first sign-in. */
export function invite(ctx: RequestContext, ticketId: string, who: string, options: EntryOptions): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.INVITE,
    apply: async (scope) => {
      const entry = entryFor(ctx, scope, TicketEventType.INVITED, { text: null, required: false }, options);
      const user = await findOrProvision(scope.tx, who);
      if (user.id === ctx.viewer.user.id) throw new BadInputError('You cannot invite yourself', 'user');
      if (user.id === scope.ticket.owner.id) throw new BadInputError('This user owns the ticket', 'user');
      if (scope.access.facts.inviteeIds.includes(user.id)) throw new BadInputError('This user is already invited', 'user');
      scope.tx.create(Invitation, { ticket: scope.ticket, user, invitedBy: ctx.viewer.user.id });
      entry.changes = [{ field: 'invitees', before: null, after: user.displayName }];
      return entry;
    },
  });
}

/** Removes an invitee (the owner, a supervisor, or whoever invited them). */
export function removeInvitation(ctx: RequestContext, ticketId: string, userId: string, options: EntryOptions): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.REMOVE_INVITATION,
    apply: async (scope) => {
      const id = /^\d{1,10}$/.test(userId) ? Number(userId) : -1;
      const invitation = await scope.tx.findOne(Invitation, { ticket: scope.ticket, user: id }, { populate: ['user'] });
      if (!invitation) throw new BadInputError('This user is not invited to the ticket', 'userId');
      assertMayRemoveInvitation(ctx.viewer, scope.access, invitation.invitedBy.id);
      const entry = entryFor(ctx, scope, TicketEventType.INVITATION_REMOVED, { text: null, required: false }, options);
      entry.changes = [{ field: 'invitees', before: invitation.user.getEntity().displayName, after: null }];
      scope.tx.remove(invitation);
      return entry;
    },
  });
}

/** "Surveillance du ticket": be notified of it (no history entry: watching is private to the watcher). */
export function watch(ctx: RequestContext, ticketId: string): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.WATCH,
    apply: (scope) => {
      scope.tx.create(Watcher, { ticket: scope.ticket, user: ctx.viewer.user.id });
      return null;
    },
  });
}

/** Stops watching. */
export function unwatch(ctx: RequestContext, ticketId: string): Promise<Ticket> {
  return act(ctx, ticketId, {
    action: TicketAction.UNWATCH,
    apply: async (scope) => {
      await scope.tx.nativeDelete(Watcher, { ticket: scope.ticket, user: ctx.viewer.user.id });
      return null;
    },
  });
}

async function findOrProvision(tx: EntityManager, who: string): Promise<User> {
  const text = who.trim();
  if (isEmail(text)) {
    const known = await tx.findOne(User, { email: { $ilike: escapeLike(text) } });
    if (known) return known;
    const uid = provisionalUid(text);
    return (await tx.findOne(User, { uid })) ?? tx.create(User, { uid, displayName: text, email: text, provisional: true });
  }
  const user = text && text.length <= 64 ? await tx.findOne(User, { uid: text }) : null;
  if (!user) throw new BadInputError(`Unknown user ${text.slice(0, 64)}`, 'user');
  return user;
}
