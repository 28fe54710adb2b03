import type { RequestContext } from '../auth/context.js';
import { epochMs } from '../shared/sql.js';
import type { UserRecord } from '../model/user.entity.js';
import { userJsonSql, userRows } from '../user/user.rows.js';
import type { AttachmentRecord } from '../model/attachment.entity.js';

/** A file as SQL returns it: its uploader whole (primed for the request), its instant as epoch milliseconds. */
interface RawAttachment extends Omit<AttachmentRecord, 'ticket' | 'event' | 'uploadedAt' | 'uploadedBy'> {
  ticket_id: number;
  event_id: string;
  uploaded_at: number;
  uploader: UserRecord;
}

/**
 * Files not deleted, oldest first, of several tickets or history entries (`by`) in one statement into
 * plain rows (no entity). Uploaders join the request's people, so `uploadedBy` answers without a statement.
 */
export async function readAttachments(
  ctx: RequestContext,
  by: 'ticket' | 'event',
  ids: readonly (number | string)[],
): Promise<AttachmentRecord[]> {
  const raws = await ctx.em.execute<RawAttachment[]>(
    `select a.id, a.ticket_id, a.event_id::text as event_id, a.filename, a.content_type as "contentType", a.size,
       ${epochMs('a.uploaded_at')} as uploaded_at, a.visibility, ${userJsonSql('u')} as uploader
     from attachment a join app_user u on u.id = a.uploaded_by_id
     where a.${by}_id = any(?::${by === 'ticket' ? 'int' : 'bigint'}[]) and a.deleted_at is null order by a.id`,
    [`{${ids.join(',')}}`],
  );
  const users = userRows(ctx);
  return raws.map(({ ticket_id, event_id, uploaded_at, uploader, ...file }) => {
    users.prime(uploader.id, uploader);
    return { ...file, ticket: { id: ticket_id }, event: { id: event_id }, uploadedAt: new Date(uploaded_at), uploadedBy: uploader };
  });
}
