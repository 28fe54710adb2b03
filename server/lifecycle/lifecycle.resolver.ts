import { Arg, Args, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { Ticket } from '../ticket/ticket.entity.js';
import { CreateTicketInput } from '../ticket/ticket.inputs.js';
import { fileTicket } from './create.action.js';
import {
  AssignArgs,
  CommentArgs,
  MessageArgs,
  MoveArgs,
  OptionalMessageArgs,
  PostponeArgs,
  RemoveInvitationArgs,
  SilentArgs,
  TicketArgs,
  UpdateArgs,
  UserArgs,
} from './lifecycle.args.js';
import { move } from './move.action.js';
import { changeOwner, invite, removeInvitation, unwatch, watch } from './participants.actions.js';
import { runAction, runFiling } from './runner.js';
import * as status from './status.actions.js';
import { update } from './update.action.js';

/** Every ticket action of docs/api.md ("The fixed names"), thin: read the arguments, run the action's declaration, return the ticket. */
@Resolver(() => Ticket)
export class LifecycleResolver {
  @Mutation(() => Ticket, { description: '"Prendre en charge".' })
  takeTicket(@Args() args: TicketArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.take, args, silent);
  }

  @Mutation(() => Ticket, { description: 'Supervisors give the ticket to a member of its department.' })
  assignTicket(@Args() args: AssignArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.assign, args, silent);
  }

  @Mutation(() => Ticket, { description: '"Libérer".' })
  freeTicket(@Args() args: TicketArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.free, args, silent);
  }

  @Mutation(() => Ticket, { description: '"Demande de complément d\'information".' })
  requestInformation(@Args() args: MessageArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.requestInformation, args, silent);
  }

  @Mutation(() => Ticket, { description: '"Ajouter commentaire"; the owner\'s or an invitee\'s answer to a request for information.' })
  addComment(@Args() args: CommentArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.addComment, args, silent);
  }

  @Mutation(() => Ticket, { description: 'Postpones the ticket until a recall date.' })
  postponeTicket(@Args() args: PostponeArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.postpone, args, silent);
  }

  @Mutation(() => Ticket, { description: 'Brings a postponed ticket back before its recall date.' })
  recallTicket(@Args() args: TicketArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.recall, args, silent);
  }

  @Mutation(() => Ticket, { description: '"Clore": the manager asks the owner to approve the closure.' })
  requestClosure(@Args() args: MessageArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.requestClosure, args, silent);
  }

  @Mutation(() => Ticket, { description: 'The owner closes their own ticket.' })
  closeTicket(@Args() args: OptionalMessageArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.close, args);
  }

  @Mutation(() => Ticket, { description: '"Approuver" the closure.' })
  approveClosure(@Args() args: OptionalMessageArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.approveClosure, args);
  }

  @Mutation(() => Ticket, { description: '"Refuser clôture", with a justification.' })
  refuseClosure(@Args() args: MessageArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.refuseClosure, args);
  }

  @Mutation(() => Ticket, { description: '"Annuler": the owner withdraws the ticket.' })
  cancelTicket(@Args() args: OptionalMessageArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.cancel, args);
  }

  @Mutation(() => Ticket, { description: 'The department refuses the ticket, with a reason.' })
  refuseTicket(@Args() args: MessageArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.refuse, args, silent);
  }

  @Mutation(() => Ticket, { description: 'Reopens an ended ticket, with a reason.' })
  reopenTicket(@Args() args: MessageArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, status.reopen, args, silent);
  }

  @Mutation(() => Ticket, { description: '"Déplacer" to another category.' })
  moveTicket(@Args() args: MoveArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, move, args, silent);
  }

  @Mutation(() => Ticket, { description: '"Inviter un utilisateur", by uid or email.' })
  inviteUser(@Args() args: UserArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, invite, args, silent);
  }

  @Mutation(() => Ticket)
  removeInvitation(@Args() args: RemoveInvitationArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, removeInvitation, args, silent);
  }

  @Mutation(() => Ticket, { description: '"Surveillance du ticket".' })
  watchTicket(@Args() args: TicketArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, watch, args);
  }

  @Mutation(() => Ticket)
  unwatchTicket(@Args() args: TicketArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, unwatch, args);
  }

  @Mutation(() => Ticket, { description: 'Subject, priority, visibility, origin, time spent.' })
  updateTicket(@Args() args: UpdateArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, update, args, silent);
  }

  @Mutation(() => Ticket, {
    description:
      'Gives the ticket to another owner, by uid or email (the ticket manager or a supervisor); the former owner stays as an invitee.',
  })
  changeOwner(@Args() args: UserArgs, @Args() { silent }: SilentArgs, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runAction(ctx, changeOwner, args, silent);
  }

  @Mutation(() => Ticket, { description: 'Files a ticket ("Créer le ticket").' })
  createTicket(@Arg('input') input: CreateTicketInput, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return runFiling(ctx, fileTicket, { input, message: input.message, attachments: input.attachments });
  }
}
