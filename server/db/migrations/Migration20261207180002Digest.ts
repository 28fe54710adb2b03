import { Migration } from '@mikro-orm/migrations';

/** The daily digest's settings, per department member: the hours it comes, and whether on weekends. */
export class Migration20261207180002Digest extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "department_member" add column "digest_hours" smallint[] not null default '{}', add column "digest_weekends" boolean not null default false;`,
    );
  }
}
