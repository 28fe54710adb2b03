import { Migration } from '@mikro-orm/migrations';

/** The whole domain's first shape: users, catalogue, tickets, history, invitations, watchers, files. */
export class Migration20261128000000Initial extends Migration {
  override async up(): Promise<void> {
    // Accent-insensitive matching of category paths, FAQ and (later) full-text search.
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(
      `create table "department" ("id" serial primary key, "code" varchar(32) not null, "label" varchar(200) not null, "enabled" boolean not null default true, "confidential" boolean not null default false, "reopen_days" int not null default 30, "expire_days" int not null default 14, "assignment_mode" text check ("assignment_mode" in ('NONE', 'FIRST', 'ROUND_ROBIN', 'LEAST_LOADED')) not null default 'NONE', "alert_email" varchar(320) null, "last_assigned_user_id" int null);`,
    );
    this.addSql(`alter table "department" add constraint "department_code_unique" unique ("code");`);
    this.addSql(
      `create table "category" ("id" serial primary key, "department_id" int not null, "parent_id" int null, "label" varchar(200) not null, "path" varchar(2000) not null, "enabled" boolean not null default true, "hidden" boolean not null default false, "position" int not null default 0, "default_priority" int null, "default_visibility" text check ("default_visibility" in ('PRIVATE', 'PUBLIC', 'SUBJECT_ONLY')) null, "subject_template" text null, "message_template" text null, "assignment_mode" text check ("assignment_mode" in ('NONE', 'FIRST', 'ROUND_ROBIN', 'LEAST_LOADED')) null, "alert_email" varchar(320) null);`,
    );
    this.addSql(`create index "category_department_id_parent_id_index" on "category" ("department_id", "parent_id");`);
    this.addSql(
      `create table "faq" ("id" serial primary key, "department_id" int not null, "title" varchar(300) not null, "content" text not null, "enabled" boolean not null default true);`,
    );
    this.addSql(
      `create table "faq_categories" ("faq_id" int not null, "category_id" int not null, constraint "faq_categories_pkey" primary key ("faq_id", "category_id"));`,
    );
    this.addSql(
      `create table "app_user" ("id" serial primary key, "uid" varchar(320) not null, "display_name" varchar(200) not null, "email" varchar(320) null, "locale" varchar(5) not null default 'fr', "is_admin" boolean not null default false, "provisional" boolean not null default false, "notification_preferences" jsonb not null, "created_at" timestamptz not null, "last_sign_in_at" timestamptz null);`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_uid_unique" unique ("uid");`);
    this.addSql(`create index "app_user_email_index" on "app_user" ("email");`);
    this.addSql(
      `create table "ticket" ("id" serial primary key, "subject" varchar(200) not null, "status" text check ("status" in ('FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED', 'CLOSED', 'APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED')) not null default 'FREE', "priority" smallint not null default 3, "visibility" text check ("visibility" in ('PRIVATE', 'PUBLIC', 'SUBJECT_ONLY')) not null default 'PRIVATE', "origin" text check ("origin" in ('WEB', 'EMAIL', 'PHONE', 'API', 'OTHER')) not null default 'WEB', "owner_id" int not null, "creator_id" int not null, "manager_id" int null, "category_id" int not null, "department_id" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "last_activity_at" timestamptz not null, "recall_at" timestamptz null, "closure_requested_at" timestamptz null, "ended_at" timestamptz null, "spent_minutes" int not null default 0, "version" int not null default 1);`,
    );
    this.addSql(`create index "ticket_manager_id_status_index" on "ticket" ("manager_id", "status");`);
    this.addSql(`create index "ticket_owner_id_last_activity_at_index" on "ticket" ("owner_id", "last_activity_at");`);
    this.addSql(`create index "ticket_department_id_status_index" on "ticket" ("department_id", "status");`);
    this.addSql(
      `create table "ticket_event" ("id" bigserial primary key, "ticket_id" int not null, "type" text check ("type" in ('CREATED', 'TAKEN', 'ASSIGNED', 'FREED', 'INFORMATION_REQUESTED', 'INFORMATION_GIVEN', 'COMMENTED', 'POSTPONED', 'RECALLED', 'CLOSURE_REQUESTED', 'CLOSED_BY_OWNER', 'CLOSURE_APPROVED', 'CLOSURE_REFUSED', 'CANCELLED', 'REFUSED', 'REOPENED', 'EXPIRED', 'MOVED', 'INVITED', 'INVITATION_REMOVED', 'UPDATED', 'FILES_ATTACHED', 'FILE_DELETED')) not null, "at" timestamptz not null, "actor_id" int null, "status_before" text check ("status_before" in ('FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED', 'CLOSED', 'APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED')) null, "status_after" text check ("status_after" in ('FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED', 'CLOSED', 'APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED')) not null, "message" text null, "visibility" text check ("visibility" in ('EVERYONE', 'PARTICIPANTS', 'OWNER', 'INVITEES', 'STAFF')) not null default 'PARTICIPANTS', "changes" jsonb not null, "silent" boolean not null default false);`,
    );
    this.addSql(`create index "ticket_event_ticket_id_index" on "ticket_event" ("ticket_id");`);
    this.addSql(
      `create table "invitation" ("id" serial primary key, "ticket_id" int not null, "user_id" int not null, "invited_by_id" int not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "invitation_user_id_index" on "invitation" ("user_id");`);
    this.addSql(`alter table "invitation" add constraint "invitation_ticket_id_user_id_unique" unique ("ticket_id", "user_id");`);
    this.addSql(
      `create table "department_member" ("id" serial primary key, "department_id" int not null, "user_id" int not null, "role" text check ("role" in ('MANAGER', 'SUPERVISOR')) not null default 'MANAGER', "available" boolean not null default true, "alert" text check ("alert" in ('ALL', 'MY_CATEGORIES', 'NONE')) not null default 'ALL');`,
    );
    this.addSql(`create index "department_member_user_id_index" on "department_member" ("user_id");`);
    this.addSql(
      `alter table "department_member" add constraint "department_member_department_id_user_id_unique" unique ("department_id", "user_id");`,
    );
    this.addSql(
      `create table "department_member_categories" ("department_member_id" int not null, "category_id" int not null, constraint "department_member_categories_pkey" primary key ("department_member_id", "category_id"));`,
    );
    this.addSql(
      `create table "attachment" ("id" serial primary key, "ticket_id" int not null, "event_id" bigint not null, "filename" varchar(255) not null, "content_type" varchar(200) not null, "size" int not null, "storage_key" varchar(300) not null, "uploaded_by_id" int not null, "uploaded_at" timestamptz not null, "visibility" text check ("visibility" in ('EVERYONE', 'PARTICIPANTS', 'OWNER', 'INVITEES', 'STAFF')) not null default 'PARTICIPANTS', "deleted_at" timestamptz null);`,
    );
    this.addSql(`create index "attachment_ticket_id_index" on "attachment" ("ticket_id");`);
    this.addSql(`create index "attachment_event_id_index" on "attachment" ("event_id");`);
    this.addSql(
      `create table "watcher" ("id" serial primary key, "ticket_id" int not null, "user_id" int not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "watcher_user_id_index" on "watcher" ("user_id");`);
    this.addSql(`alter table "watcher" add constraint "watcher_ticket_id_user_id_unique" unique ("ticket_id", "user_id");`);
    this.addSql(
      `alter table "category" add constraint "category_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "category" add constraint "category_parent_id_foreign" foreign key ("parent_id") references "category" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "faq" add constraint "faq_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "faq_categories" add constraint "faq_categories_faq_id_foreign" foreign key ("faq_id") references "faq" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "faq_categories" add constraint "faq_categories_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_creator_id_foreign" foreign key ("creator_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_manager_id_foreign" foreign key ("manager_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "department_member" add constraint "department_member_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "department_member" add constraint "department_member_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "department_member_categories" add constraint "department_member_categories_department_member_id_foreign" foreign key ("department_member_id") references "department_member" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "department_member_categories" add constraint "department_member_categories_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "attachment" add constraint "attachment_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "attachment" add constraint "attachment_event_id_foreign" foreign key ("event_id") references "ticket_event" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "attachment" add constraint "attachment_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "watcher" add constraint "watcher_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "watcher" add constraint "watcher_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(`create index "ticket_event_ticket_id_id_index" on "ticket_event" ("ticket_id", "id");`);
    this.addSql(`create index "ticket_last_activity_at_id_index" on "ticket" ("last_activity_at" desc, "id" desc);`);
  }
}
