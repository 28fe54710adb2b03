import type { EntityManager } from '@mikro-orm/postgresql';

/** A mail the helpdesk gave up on, as the admins' `mailFailures` query lists it. */
export interface MailFailureRow {
  id: string;
  at: Date;
  /** Null: the mail was about no ticket (mail in's answer to a mail it refused). */
  ticketId: number | null;
  userId: number | null;
  address: string | null;
  messageId: string;
  reason: string;
}

/** The newest failures first, in one statement. */
export async function recentMailFailures(em: EntityManager, first: number): Promise<MailFailureRow[]> {
  return em.execute<MailFailureRow[]>(
    `select id::text, at, ticket_id as "ticketId", user_id as "userId", address, message_id as "messageId", reason
     from mail_failure order by at desc, id desc limit ?`,
    [first],
  );
}
