import { Migration } from '@mikro-orm/migrations';

/**
 * Stored bytes that no live attachment owns (yet, or any more): written before an upload's first
 * byte, removed in the transaction that attaches the file. The sweep removes the bytes of those
 * left behind (a crash, a cut upload, a refused action, a deleted file).
 */
export class Migration20261202000000Files extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "pending_file" ("storage_key" varchar(300) primary key, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "pending_file_created_at_index" on "pending_file" ("created_at");`);
  }
}
