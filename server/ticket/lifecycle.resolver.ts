import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import * as lifecycle from './lifecycle.service.js';
import * as participants from './participants.service.js';
import { Ticket } from './ticket.entity.js';
import { EntryVisibility, TicketEventType } from './ticket.enums.js';
import { UpdateTicketInput } from './ticket.inputs.js';
import { TicketAction } from './ticket-status.js';
import { updateTicket } from './update.service.js';

const SILENT = { nullable: true, description: 'Staff only: record the action but send no email.' } as const;
const MESSAGE = { nullable: true } as const;

/** Every ticket action of api.md: thin — read the arguments, hand them to the lifecycle services. */
@Resolver(() => Ticket)
export class LifecycleResolver {
  @Mutation(() => Ticket, { description: '"Prendre en charge".' })
  takeTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.take(ctx, ticketId, { silent });
  }

  @Mutation(() => Ticket, { description: 'Supervisors give the ticket to a member of its department.' })
  assignTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('managerId', () => ID) managerId: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.assign(ctx, ticketId, managerId, { silent });
  }

  @Mutation(() => Ticket, { description: '"Libérer".' })
  freeTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.free(ctx, ticketId, { silent });
  }

  @Mutation(() => Ticket, { description: '"Demande de complément d\'information".' })
  requestInformation(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('message') message: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.simpleAction(
      ctx,
      ticketId,
      TicketAction.REQUEST_INFORMATION,
      TicketEventType.INFORMATION_REQUESTED,
      { text: message, required: true },
      { silent },
    );
  }

  @Mutation(() => Ticket, { description: '"Ajouter commentaire"; the owner\'s or an invitee\'s answer to a request for information.' })
  addComment(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('message') message: string,
    @Arg('visibility', () => EntryVisibility, { nullable: true }) visibility: EntryVisibility | null,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.addComment(ctx, ticketId, message, { silent, visibility });
  }

  @Mutation(() => Ticket, { description: 'Postpones the ticket until a recall date.' })
  postponeTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('until', () => Date) until: Date,
    @Arg('message', () => String, MESSAGE) message: string | null,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.postpone(ctx, ticketId, until, message, { silent });
  }

  @Mutation(() => Ticket, { description: 'Brings a postponed ticket back before its recall date.' })
  recallTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.recall(ctx, ticketId, { silent });
  }

  @Mutation(() => Ticket, { description: '"Clore": the manager asks the owner to approve the closure.' })
  requestClosure(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('message') message: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.requestClosure(ctx, ticketId, message, { silent });
  }

  @Mutation(() => Ticket, { description: 'The owner closes their own ticket.' })
  closeTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('message', () => String, MESSAGE) message: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.simpleAction(ctx, ticketId, TicketAction.CLOSE, TicketEventType.CLOSED_BY_OWNER, { text: message, required: false });
  }

  @Mutation(() => Ticket, { description: '"Approuver" the closure.' })
  approveClosure(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('message', () => String, MESSAGE) message: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.simpleAction(ctx, ticketId, TicketAction.APPROVE_CLOSURE, TicketEventType.CLOSURE_APPROVED, {
      text: message,
      required: false,
    });
  }

  @Mutation(() => Ticket, { description: '"Refuser clôture", with a justification.' })
  refuseClosure(@Arg('ticketId', () => ID) ticketId: string, @Arg('message') message: string, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return lifecycle.simpleAction(ctx, ticketId, TicketAction.REFUSE_CLOSURE, TicketEventType.CLOSURE_REFUSED, {
      text: message,
      required: true,
    });
  }

  @Mutation(() => Ticket, { description: '"Annuler": the owner withdraws the ticket.' })
  cancelTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('message', () => String, MESSAGE) message: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.simpleAction(ctx, ticketId, TicketAction.CANCEL, TicketEventType.CANCELLED, { text: message, required: false });
  }

  @Mutation(() => Ticket, { description: 'The department refuses the ticket, with a reason.' })
  refuseTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('message') message: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.simpleAction(
      ctx,
      ticketId,
      TicketAction.REFUSE,
      TicketEventType.REFUSED,
      { text: message, required: true },
      { silent },
    );
  }

  @Mutation(() => Ticket, { description: 'Reopens an ended ticket, with a reason.' })
  reopenTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('message') message: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.reopen(ctx, ticketId, message, { silent });
  }

  @Mutation(() => Ticket, { description: '"Déplacer" to another category.' })
  moveTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('categoryId', () => ID) categoryId: string,
    @Arg('message', () => String, MESSAGE) message: string | null,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return lifecycle.move(ctx, ticketId, categoryId, message, { silent });
  }

  @Mutation(() => Ticket, { description: '"Inviter un utilisateur", by uid or email.' })
  inviteUser(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('user') user: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return participants.invite(ctx, ticketId, user, { silent });
  }

  @Mutation(() => Ticket)
  removeInvitation(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return participants.removeInvitation(ctx, ticketId, userId, { silent });
  }

  @Mutation(() => Ticket, { description: '"Surveillance du ticket".' })
  watchTicket(@Arg('ticketId', () => ID) ticketId: string, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return participants.watch(ctx, ticketId);
  }

  @Mutation(() => Ticket)
  unwatchTicket(@Arg('ticketId', () => ID) ticketId: string, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return participants.unwatch(ctx, ticketId);
  }

  @Mutation(() => Ticket, { description: 'Subject, priority, visibility, origin, time spent.' })
  updateTicket(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('input') input: UpdateTicketInput,
    @Arg('silent', () => Boolean, SILENT) silent: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return updateTicket(ctx, ticketId, input, { silent });
  }
}
