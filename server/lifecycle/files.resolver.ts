import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { AttachmentResolver } from '../files/attachment.resolver.js';
import type { IncomingFile } from '../files/incoming-file.js';
import { UploadScalar } from '../files/upload-scalar.js';
import type { RequestContext } from '../auth/context.js';
import { Ticket } from '../model/ticket.entity.js';
import { EntryVisibility } from '../model/ticket.enums.js';
import { runAction } from './runner.js';
import * as actions from './files.actions.js';
import type { FileParts } from '../files/files-http.js';
import type { FileStore } from '../files/store.js';

/** "Fichiers attachés": add files to a ticket, delete one. Thin: the actions run through the lifecycle. */
@Resolver(() => Ticket)
export class FilesResolver {
  constructor(private readonly store: FileStore) {}

  @Mutation(() => Ticket, {
    description: 'Adds files to the ticket as one entry ("Fichiers attachés"); owner, invitees and staff, open tickets.',
  })
  attachFiles(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('files', () => [UploadScalar]) files: IncomingFile[],
    @Arg('visibility', () => EntryVisibility, { nullable: true, description: 'Who may see the files; default PARTICIPANTS.' })
    visibility: EntryVisibility | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Ticket> {
    return runAction(ctx, actions.attachFiles, { ticketId, attachments: files, visibility });
  }

  @Mutation(() => Ticket, { description: 'Deletes a file (whoever sent it, or a supervisor): its bytes go, the history keeps its name.' })
  deleteAttachment(@Arg('attachmentId', () => ID) attachmentId: string, @Ctx() ctx: RequestContext): Promise<Ticket> {
    return actions.deleteAttachment(ctx, attachmentId, this.store);
  }
}

/** The resolvers that need the running file parts, built once by main.ts for schema.ts. */
export function fileResolvers(files: FileParts): object[] {
  return [new AttachmentResolver(files.links), new FilesResolver(files.store)];
}
