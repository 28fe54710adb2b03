import { Arg, Args, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { Ticket } from '../model/ticket.entity.js';
import { TicketAction } from '../model/ticket-status.js';
import type { ActionApi, ActionArgs, ActionDeclaration } from './action.js';
import { fileTicket } from './create.actions.js';
import { argumentsOf, CreateTicketInput } from './lifecycle.args.js';
import { move } from './move.actions.js';
import * as participants from './participants.actions.js';
import { runAction, runFiling } from './runner.js';
import * as status from './status.actions.js';
import { update } from './update.actions.js';
import { personArgument } from '../user/people.service.js';

/** A declaration people ask for through the API: it has a mutation. */
export type DeclaredAction = ActionDeclaration<ActionArgs, unknown> & { api: ActionApi };

const ORDER: readonly string[] = Object.values(TicketAction);
// These modules export declarations and their argument interfaces only (the compiler refuses anything else here).
const DECLARATIONS: readonly ActionDeclaration<ActionArgs, unknown>[] = [
  ...Object.values(status),
  ...Object.values(participants),
  move,
  update,
];

/**
 * Every action people ask for through the API, found among the declarations (a new one in these
 * modules needs no line here), in TicketAction's order: docs/api.md's, and the schema's.
 */
export const DECLARED_ACTIONS: readonly DeclaredAction[] = DECLARATIONS.filter(
  (declaration): declaration is DeclaredAction => declaration.api !== undefined,
).sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action));

/**
 * A resolver class with one mutation per declaration, built as TypeScript would build
 * `@Mutation() name(@Args() silent, @Args() ticket, …, @Ctx() ctx)` written by hand (TypeGraphQL's
 * resolver inheritance: the class extending it serves them). Each reads its arguments and runs its
 * declaration; the argument classes follow from the declaration (`argumentsOf`).
 */
function declaredMutations(declarations: readonly DeclaredAction[]): new () => object {
  @Resolver(() => Ticket)
  class DeclaredMutations {}
  const prototype = DeclaredMutations.prototype;
  for (const declaration of declarations) {
    const parts = argumentsOf(declaration);
    const name = declaration.api.mutation;
    const resolve = (...params: unknown[]): Promise<Ticket> => {
      const args = Object.assign({}, ...params.slice(0, parts.length)) as ActionArgs & { silent?: boolean | null; user?: unknown };
      const ctx = params[parts.length] as RequestContext;
      return (async () => {
        // A person named by uid (inviteUser, changeOwner) may be a directory person who never signed in.
        if (typeof args.user === 'string') args.user = await personArgument(ctx, args.user);
        return runAction(ctx, declaration, args, args.silent ?? null);
      })();
    };
    Object.defineProperty(prototype, name, { value: resolve });
    // In the schema's order: TypeGraphQL lists the arguments as their decorators come.
    parts.forEach((part, index) => Args(() => part)(prototype, name, index));
    Ctx()(prototype, name, parts.length);
    Mutation(() => Ticket, { description: declaration.api.description })(
      prototype,
      name,
      Object.getOwnPropertyDescriptor(prototype, name)!,
    );
  }
  return DeclaredMutations;
}

/** Every ticket action of docs/api.md: the declared ones generated, then filing, whose input is the wizard's. */
@Resolver(() => Ticket)
export class LifecycleResolver extends declaredMutations(DECLARED_ACTIONS) {
  @Mutation(() => Ticket, { description: 'Files a ticket ("Créer le ticket").' })
  async createTicket(@Arg('input') input: CreateTicketInput, @Ctx() ctx: RequestContext): Promise<Ticket> {
    if (input.ownerUid) input.ownerUid = await personArgument(ctx, input.ownerUid);
    return runFiling(ctx, fileTicket, { input, message: input.message, attachments: input.attachments });
  }
}
