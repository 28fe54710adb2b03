import { ArgsType, Field, ID } from 'type-graphql';
import { UploadScalar, type IncomingFile } from '../shared/upload.js';
import { EntryVisibility } from '../ticket/ticket.enums.js';
import { UpdateTicketInput } from '../ticket/ticket.inputs.js';

// The arguments of the ticket mutations (docs/api.md, "The fixed names"), each written once and composed by inheritance;
// `silent` is its own class, added as a second @Args() by the mutations of staff that notify.

const OPTIONAL_MESSAGE = { nullable: true, description: 'Rich text, sanitised on the server; at most 100 000 characters.' } as const;

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

/** An action whose entry needs a message (a reason, a question, a justification). */
@ArgsType()
export class MessageArgs extends TicketArgs {
  @Field({ description: 'Rich text, sanitised on the server; required, at most 100 000 characters.' }) message!: string;
}

/** An action whose entry may carry a message. */
@ArgsType()
export class OptionalMessageArgs extends TicketArgs {
  @Field(() => String, OPTIONAL_MESSAGE) message?: string | null;
}

/** addComment: a message, and who may read it. */
@ArgsType()
export class CommentArgs extends MessageArgs {
  @Field(() => EntryVisibility, { nullable: true, description: 'Default PARTICIPANTS; staff only beyond EVERYONE and PARTICIPANTS.' })
  visibility?: EntryVisibility | null;
  @Field(() => [UploadScalar], {
    nullable: true,
    description: 'Files of the comment, seen by whoever may read it (multipart request); a pasted image is written <img src="upload:N">.',
  })
  attachments?: IncomingFile[] | null;
}

/** assignTicket: the chosen member. */
@ArgsType()
export class AssignArgs extends TicketArgs {
  @Field(() => ID, { description: "The chosen member's user id (Department.members → user.id)." }) managerId!: string;
}

/** postponeTicket: the recall date. */
@ArgsType()
export class PostponeArgs extends TicketArgs {
  @Field(() => Date, { description: 'When the ticket comes back (IN_PROGRESS); must be in the future.' }) until!: Date;
  @Field(() => String, OPTIONAL_MESSAGE) message?: string | null;
}

/** moveTicket: the target category. */
@ArgsType()
export class MoveArgs extends TicketArgs {
  @Field(() => ID) categoryId!: string;
  @Field(() => String, OPTIONAL_MESSAGE) message?: string | null;
}

/** inviteUser and changeOwner: a person named by uid or email. */
@ArgsType()
export class UserArgs extends TicketArgs {
  @Field({ description: 'A uid or an email address.' }) user!: string;
}

/** removeInvitation: the invitee. */
@ArgsType()
export class RemoveInvitationArgs extends TicketArgs {
  @Field(() => ID, { description: "The invitee's user id." }) userId!: string;
}

/** updateTicket: the properties to change. */
@ArgsType()
export class UpdateArgs extends TicketArgs {
  @Field(() => UpdateTicketInput) input!: UpdateTicketInput;
}
