import { Migration } from '@mikro-orm/migrations';

/**
 * Notification preferences become the list of event types a user turned off (`muted_events`), so a
 * new event type is mailed by default; the former json map's `false` entries carry over.
 */
export class Migration20261201000000Preferences extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "muted_events" text[] not null default '{}';`);
    this.addSql(
      `update "app_user" set "muted_events" = array(
         select key from jsonb_each("notification_preferences") where value = 'false'::jsonb order by key);`,
    );
    this.addSql(`alter table "app_user" drop column "notification_preferences";`);
  }
}
