import { BadInputError } from '../errors.js';
import { assertMayRemoveInvitation } from '../policies/ticket-actions.policy.js';
import { Invitation } from '../model/invitation.entity.js';
import type { StoredChange } from '../model/ticket-event.entity.js';
import { TicketEventType } from '../model/ticket.enums.js';
import { TicketAction } from '../model/ticket-status.js';
import { User } from '../model/user.entity.js';
import { Watcher } from '../model/watcher.entity.js';
import type { ActionArgs, ActionDeclaration } from './action.js';
import { personOf } from './action.js';
import { nameOf } from './changes.js';
import { userIdArg, userNamed } from './people.js';

// Who takes part in a ticket: invitees, watchers, the owner (docs/lifecycle.md, "Actions").

/** inviteUser's and changeOwner's own argument: a person named by uid or email. */
export interface UserArgs extends ActionArgs {
  user: string;
}

/** removeInvitation's own argument: the invitee's user id. */
export interface RemoveInvitationArgs extends ActionArgs {
  userId: string;
}

/** "Inviter un utilisateur", by uid or email; an unknown email becomes a user who claims it at first sign-in. */
export const invite: ActionDeclaration<UserArgs, User> = {
  action: TicketAction.INVITE,
  api: { mutation: 'inviteUser', description: '"Inviter un utilisateur", by uid or email.', silent: true },
  entry: TicketEventType.INVITED,
  message: 'none',
  check: async (scope, args) => {
    const user = await userNamed(scope.tx, args.user, 'user');
    if (user.id === scope.actorId) throw new BadInputError('You cannot invite yourself', 'user', undefined, 'SELF');
    if (user.id === scope.ticket.owner.id) throw new BadInputError('This user owns the ticket', 'user', undefined, 'OWNER');
    if (scope.access.facts.inviteeIds.includes(user.id))
      throw new BadInputError('This user is already invited', 'user', undefined, 'ALREADY_INVITED');
    return user;
  },
  change: (scope, user) => {
    scope.tx.create(Invitation, { ticket: scope.ticket, user, invitedBy: personOf(scope).user.id });
    return [{ property: 'invitee', before: null, after: user.displayName }];
  },
};

/** Removes an invitee (the owner, a supervisor, or whoever invited them). */
export const removeInvitation: ActionDeclaration<RemoveInvitationArgs, Invitation> = {
  action: TicketAction.REMOVE_INVITATION,
  api: { mutation: 'removeInvitation', silent: true },
  entry: TicketEventType.INVITATION_REMOVED,
  message: 'none',
  check: async (scope, args) => {
    const user = userIdArg(args.userId, 'userId');
    const invitation = await scope.tx.findOne(Invitation, { ticket: scope.ticket, user }, { populate: ['user'] });
    if (!invitation) throw new BadInputError('This user is not invited to the ticket', 'userId');
    assertMayRemoveInvitation(personOf(scope), scope.access, invitation.invitedBy.id);
    return invitation;
  },
  change: (scope, invitation) => {
    scope.tx.remove(invitation);
    return [{ property: 'invitee', before: invitation.user.getEntity().displayName, after: null }];
  },
};

/** "Surveillance du ticket": be notified of it (no history entry: watching is private to the watcher). */
export const watch: ActionDeclaration<ActionArgs> = {
  action: TicketAction.WATCH,
  api: { mutation: 'watchTicket', description: '"Surveillance du ticket".' },
  entry: null,
  message: 'none',
  change: (scope) => {
    scope.tx.create(Watcher, { ticket: scope.ticket, user: personOf(scope).user.id });
    return [];
  },
};

/** Stops watching. */
export const unwatch: ActionDeclaration<ActionArgs> = {
  action: TicketAction.UNWATCH,
  api: { mutation: 'unwatchTicket' },
  entry: null,
  message: 'none',
  change: async (scope) => {
    await scope.tx.nativeDelete(Watcher, { ticket: scope.ticket, user: personOf(scope).user.id });
    return [];
  },
};

/**
 * Gives the ticket to another owner (the ticket manager or a supervisor). The former owner keeps
 * reading it as an invitee; a new owner who was invited is an invitee no more.
 */
export const changeOwner: ActionDeclaration<UserArgs, User> = {
  action: TicketAction.CHANGE_OWNER,
  api: {
    mutation: 'changeOwner',
    description:
      'Gives the ticket to another owner, by uid or email (the ticket manager or a supervisor); the former owner stays as an invitee.',
    silent: true,
  },
  entry: TicketEventType.OWNER_CHANGED,
  message: 'none',
  check: async (scope, args) => {
    const user = await userNamed(scope.tx, args.user, 'user');
    if (user.id === scope.ticket.owner.id) throw new BadInputError('This user already owns the ticket', 'user', undefined, 'OWNER');
    return user;
  },
  change: async (scope, owner) => {
    const { tx, ticket } = scope;
    const former = ticket.owner;
    const changes: StoredChange[] = [{ property: 'owner', before: await nameOf(former), after: owner.displayName }];
    const invited = await tx.findOne(Invitation, { ticket, user: owner.id });
    if (invited) {
      tx.remove(invited);
      changes.push({ property: 'invitee', before: owner.displayName, after: null });
    }
    tx.create(Invitation, { ticket, user: former.id, invitedBy: personOf(scope).user.id });
    changes.push({ property: 'invitee', before: null, after: changes[0].before });
    ticket.owner = tx.getReference(User, owner.id, { wrapped: true });
    return changes;
  },
};
