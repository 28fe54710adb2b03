import { Migration } from '@mikro-orm/migrations';

/**
 * `app_search_text` names its text search configuration with its schema. The generated column
 * `ticket_event.search` calls it, and pg_restore (`npm run restore`) computes that column with an
 * empty search_path, where a bare `app_french` does not resolve: a restore then failed. Same words,
 * same configuration: nothing stored changes.
 */
export class Migration20261207160001SearchConfigQualified extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function app_search_text(body text) returns tsvector language sql immutable parallel safe
     as $$ select to_tsvector('public.app_french'::regconfig, left(coalesce(body, ''), 100000)) $$`);
  }
}
