/** What a mailbox is set up with (MailboxInput implements it): the plain shape the service takes. */
export interface MailboxChanges {
  categoryId: string;
  host: string;
  port: number;
  tls: boolean;
  user: string;
  /** Absent or null on an update: the stored password stays. */
  password?: string | null;
  folder?: string | null;
  enabled?: boolean | null;
}
