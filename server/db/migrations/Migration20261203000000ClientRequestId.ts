import { Migration } from '@mikro-orm/migrations';

/**
 * A filing's idempotency key (CreateTicketInput.clientRequestId): a client that retries a creation it
 * got no answer for finds the ticket already filed. Unique per creator, the one who sends the request.
 */
export class Migration20261203000000ClientRequestId extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "ticket" add column "client_request_id" varchar(100) null;`);
    this.addSql(
      `create unique index "ticket_creator_id_client_request_id_unique" on "ticket" ("creator_id", "client_request_id") where "client_request_id" is not null;`,
    );
  }
}
