import { Migration } from '@mikro-orm/migrations';

/**
 * Mail in (README, "Mail in"): the mailboxes read per category, and every mail read from them,
 * remembered by its Message-ID in the transaction that files its ticket or comment, so a crash
 * between that commit and the IMAP flag never files a mail twice.
 */
export class Migration20261207130000Mailboxes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "mailbox" (
      "id" serial primary key,
      "category_id" int not null references "category" ("id") on delete cascade,
      "host" varchar(255) not null,
      "port" int not null,
      "tls" boolean not null,
      "username" varchar(320) not null,
      "password_secret" text not null,
      "folder" varchar(255) not null default 'INBOX',
      "enabled" boolean not null default true,
      "last_polled_at" timestamptz null,
      "last_error" varchar(500) null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "mailbox_category_id_index" on "mailbox" ("category_id");`);
    this.addSql(`create table "inbox_message" (
      "mailbox_id" int not null references "mailbox" ("id") on delete cascade,
      "message_id" varchar(998) not null,
      "sender" varchar(320) null,
      "outcome" varchar(20) not null,
      "ticket_id" int null,
      "reason" varchar(300) null,
      "read_at" timestamptz not null default now(),
      primary key ("mailbox_id", "message_id"));`);
    this.addSql(`create index "inbox_message_sender_read_at_index" on "inbox_message" ("sender", "read_at");`);
  }
}
