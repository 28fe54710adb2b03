import { Migration } from '@mikro-orm/migrations';

/**
 * Search words stored per part instead of one growing document per ticket: each history entry
 * carries its own words (`ticket_event.search`, a generated column: written with the entry, so an
 * insert indexes only its own words), and `ticket_search` keeps the subject's words alone. A
 * ticket's readable parts are joined at query time (server/ticket/ticket-search.ts), so the cost
 * of a comment or a status change no longer grows with the ticket's history (migration
 * SearchDocument rewrote and re-indexed the whole document at every entry).
 *
 * The existing documents are migrated: every entry's words are computed from its message as the
 * column is added, the subjects' from the tickets, so an upgraded installation keeps its search.
 */
export class Migration20261207160000SearchEntries extends Migration {
  override async up(): Promise<void> {
    for (const sql of STATEMENTS) this.addSql(sql);
  }
}

const STATEMENTS: readonly string[] = [
  // A large table's GIN index builds much faster with more memory (for this transaction only).
  `set local maintenance_work_mem = '256MB'`,
  `drop trigger if exists ticket_event_search_insert on ticket_event`,
  `drop trigger if exists ticket_event_search_change on ticket_event`,
  `drop function if exists app_ticket_event_search()`,
  `drop function if exists app_ticket_search_invitees(int)`,
  `drop function if exists app_ticket_search_document(int, text)`,
  `drop function if exists app_search_entry(text, text)`,
  // The entry's words, kept by PostgreSQL with its message (an edit or an erasure recomputes them); none without a message.
  `alter table ticket_event add column search tsvector generated always as
     (case when message is null then null else app_search_text(message) end) stored`,
  // Only entries with words: a status change without a message never touches the index.
  `create index ticket_event_search_index on ticket_event using gin (search) where search is not null`,
  // The subject's words alone (rebuilt, not updated: a million updated rows would leave as many dead ones).
  `drop index if exists ticket_search_document_index`,
  `alter table ticket_search drop column if exists invitees_document`,
  `truncate ticket_search`,
  `insert into ticket_search (ticket_id, document) select id, app_search_text(subject) from ticket`,
  `create index ticket_search_document_index on ticket_search using gin (document)`,
  `create or replace function app_ticket_search_on_ticket() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       insert into ticket_search (ticket_id, document) values (new.id, app_search_text(new.subject));
     else
       update ticket_search set document = app_search_text(new.subject) where ticket_id = new.id;
     end if;
     return null;
   end $$`,
  // The planner's word frequencies (ticket-search.ts picks its way by them) and sizes, before the first autovacuum.
  `analyze ticket_event`,
  `analyze ticket_search`,
  `analyze ticket`,
];
