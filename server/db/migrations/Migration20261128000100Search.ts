import { Migration } from '@mikro-orm/migrations';

/** French full-text search that ignores accents, over ticket subjects and history messages. */
export class Migration20261128000100Search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create text search configuration app_french (copy = pg_catalog.french);`);
    this.addSql(`alter text search configuration app_french alter mapping for hword, hword_part, word with unaccent, french_stem;`);
    this.addSql(`create index ticket_subject_fts on ticket using gin (to_tsvector('app_french', subject));`);
    this.addSql(`create index ticket_event_message_fts on ticket_event using gin (to_tsvector('app_french', coalesce(message, '')));`);
  }
}
