import { Migration } from '@mikro-orm/migrations';

/**
 * Mail out (server/mail): two history entry types written by the application (REMINDED, MAIL_FAILED),
 * and the mails that could not be delivered, for the admins' `mailFailures` query.
 */
export class Migration20261207120001Mail extends Migration {
  override async up(): Promise<void> {
    // As written then: a migration never follows the enum's later changes.
    const types = [
      'CREATED',
      'TAKEN',
      'ASSIGNED',
      'FREED',
      'INFORMATION_REQUESTED',
      'INFORMATION_GIVEN',
      'COMMENTED',
      'POSTPONED',
      'RECALLED',
    ];
    types.push(
      'CLOSURE_REQUESTED',
      'CLOSED_BY_OWNER',
      'CLOSURE_APPROVED',
      'CLOSURE_REFUSED',
      'CANCELLED',
      'REFUSED',
      'REOPENED',
      'EXPIRED',
    );
    types.push(
      'MOVED',
      'INVITED',
      'INVITATION_REMOVED',
      'UPDATED',
      'FILES_ATTACHED',
      'FILE_DELETED',
      'OWNER_CHANGED',
      'REMINDED',
      'MAIL_FAILED',
    );
    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_type_check";`);
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_type_check" check ("type" in (${types.map((t) => `'${t}'`).join(', ')}));`,
    );
    this.addSql(
      `create table "mail_failure" ("id" bigserial primary key, "at" timestamptz not null default now(), "ticket_id" int not null references "ticket" ("id") on update cascade on delete cascade, "event_id" bigint null, "user_id" int null references "app_user" ("id") on update cascade on delete set null, "address" varchar(320) null, "message_id" varchar(300) not null unique, "reason" varchar(1000) not null);`,
    );
    this.addSql(`create index "mail_failure_at_index" on "mail_failure" ("at" desc);`);
  }
}
