import { Migration } from '@mikro-orm/migrations';

/**
 * Service accounts (docs/api.md, "Service accounts"): the key's SHA-256, scopes, departments, and
 * the account's own user. A history entry written through an account names it (`via`), as it read then.
 */
export class Migration20261207110000ServiceAccounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "service_account" (
      "id" serial primary key,
      "name" varchar(100) not null,
      "key_hash" varchar(64) not null,
      "scopes" text[] not null,
      "department_ids" int[] not null,
      "user_id" int not null references "app_user" ("id"),
      "created_by_id" int null references "app_user" ("id") on delete set null,
      "created_at" timestamptz not null,
      "expires_at" timestamptz null,
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null,
      constraint "service_account_key_hash_unique" unique ("key_hash"));`);
    this.addSql(`alter table "ticket_event" add column "via" varchar(100) null;`);
  }
}
