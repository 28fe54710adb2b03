import { FieldResolver, Resolver, Root } from 'type-graphql';
import { User } from '../user/user.entity.js';
import { Attachment } from './attachment.entity.js';
import { FileLinks } from './file-links.js';

/** An attachment's link and uploader. Built with the server's FileLinks (schema.ts hands resolvers their parts). */
@Resolver(() => Attachment)
export class AttachmentResolver {
  constructor(private readonly links: FileLinks) {}

  @FieldResolver(() => String, {
    description:
      'A short-lived signed download link: works as a plain link or an <img> without the token. Ask again for a fresh one when it expires.',
  })
  url(@Root() attachment: Attachment): string {
    return this.links.url(attachment.id);
  }

  @FieldResolver(() => User)
  async uploadedBy(@Root() attachment: Attachment): Promise<User> {
    return attachment.uploadedBy.load({ dataloader: true }) as Promise<User>;
  }
}
