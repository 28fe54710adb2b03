import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import type { IncomingFile } from '../files/incoming-file.js';
import { UploadScalar } from '../files/upload-scalar.js';
import { EntryVisibility, TicketOrigin, TicketVisibility } from '../model/ticket.enums.js';
import type { LifecycleAction } from '../model/ticket-status.js';
import type { ActionArgs, ActionDeclaration, EntryArgs, MessageRule } from './action.js';
import type { TicketRequest } from './create.actions.js';
import { move, type MoveArgs } from './move.actions.js';
import * as participants from './participants.actions.js';
import * as status from './status.actions.js';
import { update, type TicketChanges, type UpdateArgs } from './update.actions.js';

// The GraphQL shapes of the ticket mutations' arguments (docs/api.md, "The fixed names"). A declared action's mutation takes,
// in this order: `silent` when its declaration allows it, `ticketId`, its own arguments, `message` as
// its declaration's rule says, then its entry options (`argumentsOf`). Each class implements the plain
// interface its declaration takes, so the domain never sees a GraphQL class.

/** A class of GraphQL arguments (an @ArgsType), as the generated mutations compose them. */
export type ArgsClass = new () => object;

/** Every ticket mutation names its ticket by number. */
@ArgsType()
export class TicketArgs {
  @Field(() => ID) ticketId!: string;
}

/** Staff mutations that notify may be done silently. */
@ArgsType()
export class SilentArgs {
  @Field(() => Boolean, { nullable: true, description: 'Staff only: record the action but send no email.' })
  silent?: boolean | null;
}

/** The entry's message when the declaration requires one (a reason, a question, a justification). */
@ArgsType()
class RequiredMessage implements EntryArgs {
  @Field({ description: 'Rich text, sanitised on the server; required, at most 100 000 characters.' }) message!: string;
}

/** The entry's message when the declaration makes it optional. */
@ArgsType()
class OptionalMessage implements EntryArgs {
  @Field(() => String, { nullable: true, description: 'Rich text, sanitised on the server; at most 100 000 characters.' })
  message?: string | null;
}

const MESSAGE: Record<MessageRule, ArgsClass | null> = { required: RequiredMessage, optional: OptionalMessage, none: null };

/** Changes to a ticket's properties ("Propriétés"). */
@InputType()
export class UpdateTicketInput implements TicketChanges {
  @Field({ nullable: true }) subject?: string;
  @Field(() => Int, { nullable: true }) priority?: number;
  @Field(() => TicketVisibility, { nullable: true }) visibility?: TicketVisibility;
  @Field(() => TicketOrigin, { nullable: true }) origin?: TicketOrigin;
  @Field(() => Int, { nullable: true }) spentMinutes?: number;
}

type Own<A extends ActionArgs> = Omit<A, keyof ActionArgs>;

@ArgsType()
class AssignFields implements Own<status.AssignArgs> {
  @Field(() => ID, { description: "The chosen member's user id (Department.members → user.id)." }) managerId!: string;
}

@ArgsType()
class PostponeFields implements Own<status.PostponeArgs> {
  @Field(() => Date, { description: 'When the ticket comes back (IN_PROGRESS); must be in the future.' }) until!: Date;
}

@ArgsType()
class MoveFields implements Own<MoveArgs> {
  @Field(() => ID) categoryId!: string;
}

@ArgsType()
class UserFields implements Own<participants.UserArgs> {
  @Field({ description: 'A uid or an email address.' }) user!: string;
}

@ArgsType()
class InviteeFields implements Own<participants.RemoveInvitationArgs> {
  @Field(() => ID, { description: "The invitee's user id." }) userId!: string;
}

@ArgsType()
class UpdateFields implements Own<UpdateArgs> {
  @Field(() => UpdateTicketInput) input!: UpdateTicketInput;
}

/** addComment's entry options: who may read it, and its files. */
@ArgsType()
class CommentOptions implements EntryArgs {
  @Field(() => EntryVisibility, { nullable: true, description: 'Default PARTICIPANTS; staff only beyond EVERYONE and PARTICIPANTS.' })
  visibility?: EntryVisibility | null;
  @Field(() => [UploadScalar], {
    nullable: true,
    description: 'Files of the comment, seen by whoever may read it (multipart request); a pasted image is written <img src="upload:N">.',
  })
  attachments?: IncomingFile[] | null;
}

// Pairs a declaration with the class of its own arguments; the compiler checks the class against the declaration's.
function own<A extends ActionArgs, R>(declaration: ActionDeclaration<A, R>, fields: new () => Own<A>): [LifecycleAction, ArgsClass] {
  return [declaration.action, fields];
}

/** The actions that take arguments of their own (only those: a message-only action needs no line here). */
const OWN_ARGUMENTS = new Map<LifecycleAction, ArgsClass>([
  own(status.assign, AssignFields),
  own(status.postpone, PostponeFields),
  own(move, MoveFields),
  own(participants.invite, UserFields),
  own(participants.removeInvitation, InviteeFields),
  own(update, UpdateFields),
  own(participants.changeOwner, UserFields),
]);

/** The actions whose caller may choose the entry's readers and send files with it. */
const ENTRY_OPTIONS = new Map<LifecycleAction, ArgsClass>([[status.addComment.action, CommentOptions]]);

/** The argument classes of a declared action's mutation, in the schema's order. */
export function argumentsOf(declaration: ActionDeclaration<ActionArgs, unknown>): ArgsClass[] {
  const { action, api, message } = declaration;
  const parts = [api?.silent ? SilentArgs : null, TicketArgs, OWN_ARGUMENTS.get(action), MESSAGE[message], ENTRY_OPTIONS.get(action)];
  return parts.filter((part): part is ArgsClass => !!part);
}

/** What the wizard sends ("Créer le ticket"), with the files of "Inclure un fichier". */
@InputType()
export class CreateTicketInput implements TicketRequest {
  @Field(() => ID) categoryId!: string;
  @Field({ description: 'Sujet: 1 to 200 characters.' }) subject!: string;
  @Field({ description: 'Rich text, sanitised on the server; at most 100 000 characters.' }) message!: string;
  @Field(() => Int, { nullable: true, description: '1 (very low) … 5 (very high); default from the category, else 3.' })
  priority?: number;
  @Field(() => TicketVisibility, { nullable: true }) visibility?: TicketVisibility;
  @Field({ nullable: true, description: 'File on behalf of this user (department staff only).' }) ownerUid?: string;
  @Field(() => TicketOrigin, { nullable: true, description: 'Staff only; others always file from the WEB.' })
  origin?: TicketOrigin;
  @Field(() => [UploadScalar], {
    nullable: true,
    description: 'Files of the description (multipart request); an image pasted in the message is written <img src="upload:N">.',
  })
  attachments?: IncomingFile[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      'A key the client makes once per ticket it files (a UUID) and sends again when it retries: a retry with the same key answers the ticket already filed instead of filing another. 1 to 100 visible ASCII characters, unique per caller.',
  })
  clientRequestId?: string | null;
}
