import { Migration } from '@mikro-orm/migrations';

/**
 * Personal data (GDPR, docs/operations.md "Personal data"): who asked for an export or an erasure and
 * when, the mark of a forgotten person, and of a ticket anonymised by the retention pass. Only additions
 * (docs/operations.md, "Upgrades"): the previous release runs unchanged on the migrated database.
 */
export class Migration20261207170000Privacy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "forgotten_at" timestamptz null;`);
    this.addSql(`alter table "ticket" add column "anonymized_at" timestamptz null;`);
    this.addSql(
      `create table "privacy_audit" ("id" bigserial primary key, "at" timestamptz not null default now(),
        "actor_id" int null references "app_user" ("id") on update cascade on delete set null,
        "action" text check ("action" in ('PERSONAL_DATA', 'FORGET_PERSON', 'RETENTION')) not null,
        "subject_id" int null references "app_user" ("id") on update cascade on delete set null,
        "details" jsonb not null default '{}');`,
    );
    this.addSql(`create index "privacy_audit_subject_id_index" on "privacy_audit" ("subject_id");`);
    // The retention pass looks for ended tickets not yet anonymised, oldest first.
    this.addSql(`create index "ticket_retention_index" on "ticket" ("ended_at") where "anonymized_at" is null and "ended_at" is not null;`);
  }
}
