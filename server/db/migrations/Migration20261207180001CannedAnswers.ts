import { Migration } from '@mikro-orm/migrations';

/** Canned answers ("réponses types", server/desk): personal, department or global, sanitised HTML bodies. */
export class Migration20261207180001CannedAnswers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "canned_answer" ("id" serial primary key, "title" varchar(200) not null, "body" text not null, "scope" text check ("scope" in ('PERSONAL', 'DEPARTMENT', 'GLOBAL')) not null, "department_id" int null references "department" ("id") on update cascade on delete cascade, "owner_id" int null references "app_user" ("id") on update cascade on delete set null, "updated_at" timestamptz not null default now(), check (("scope" = 'DEPARTMENT') = ("department_id" is not null)));`,
    );
    this.addSql(`create index "canned_answer_department_id_index" on "canned_answer" ("department_id");`);
    this.addSql(`create index "canned_answer_owner_id_index" on "canned_answer" ("owner_id");`);
  }
}
