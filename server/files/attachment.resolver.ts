import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { related } from '../shared/known-loader.js';
import { User, type UserRecord } from '../model/user.entity.js';
import { userRows } from '../user/user.rows.js';
import { Attachment, type AttachmentRecord } from '../model/attachment.entity.js';
import { FileLinks } from './file-links.js';

/** An attachment's (entity or row) link and uploader. Built with the server's FileLinks (schema.ts hands resolvers their parts). */
@Resolver(() => Attachment)
export class AttachmentResolver {
  constructor(private readonly links: FileLinks) {}

  @FieldResolver(() => String, {
    description:
      'A short-lived signed download link: works as a plain link or an <img> without the token. Ask again for a fresh one when it expires.',
  })
  url(@Root() attachment: AttachmentRecord): string {
    return this.links.url(attachment.id);
  }

  @FieldResolver(() => User)
  uploadedBy(@Root() attachment: AttachmentRecord, @Ctx() ctx: RequestContext): UserRecord | Promise<UserRecord> {
    return related(attachment.uploadedBy, userRows(ctx));
  }
}
