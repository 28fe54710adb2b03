import { Migration } from '@mikro-orm/migrations';

/**
 * A mail given up may be about no ticket (mail in's answer to a mail it did not file): its failure is
 * recorded with no ticket rather than not at all. Dropping `not null` only widens: the previous release
 * writes as before (expand, docs/operations.md, "Upgrades").
 */
export class Migration20261207200000MailFailureTicket extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mail_failure" alter column "ticket_id" drop not null;`);
  }
}
