import { Migration } from '@mikro-orm/migrations';

/**
 * The manager's desk (server/desk): bookmarks ("signets"), when each person last looked at a ticket
 * (unread marks in lists), and saved views (a named TicketFilter per person).
 */
export class Migration20261207180000Desk extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "ticket_bookmark" ("user_id" int not null references "app_user" ("id") on update cascade on delete cascade, "ticket_id" int not null references "ticket" ("id") on update cascade on delete cascade, "at" timestamptz not null default now(), primary key ("user_id", "ticket_id"));`,
    );
    this.addSql(
      `create table "ticket_read" ("user_id" int not null references "app_user" ("id") on update cascade on delete cascade, "ticket_id" int not null references "ticket" ("id") on update cascade on delete cascade, "read_at" timestamptz not null, primary key ("user_id", "ticket_id"));`,
    );
    // The unread test reads a ticket's entries newest first: (ticket_id, at) keeps it to an index probe.
    this.addSql(`create index "ticket_event_ticket_id_at_index" on "ticket_event" ("ticket_id", "at");`);
    this.addSql(
      `create table "saved_view" ("id" serial primary key, "user_id" int not null references "app_user" ("id") on update cascade on delete cascade, "name" varchar(100) not null, "filter" jsonb not null, "created_at" timestamptz not null default now(), unique ("user_id", "name"));`,
    );
  }
}
