import { Migration } from '@mikro-orm/migrations';

/**
 * A stored search document per ticket (table `ticket_search`), kept by triggers in the same
 * transaction as every ticket or history change, and partial indexes for the open-ticket queues.
 * Replaces the per-row `to_tsvector` of migration 2, which read the whole table (10–17 s at 300,000
 * tickets). A table of its own keeps `ticket` rows narrow (the ORM reads them with `select *`).
 *
 * `document` holds the subject and every entry's message, each weighted by who may read it: A the
 * subject and EVERYONE entries, B PARTICIPANTS, C OWNER, D INVITEES and STAFF. `invitees_document`
 * repeats the INVITEES entries alone (D is shared with internal notes, which invitees must not match).
 * server/ticket/ticket-search.ts picks the parts a viewer may read.
 */
export class Migration20261130000000SearchDocument extends Migration {
  override async up(): Promise<void> {
    for (const sql of STATEMENTS) this.addSql(sql);
  }
}

const STATEMENTS: readonly string[] = [
  // Words of one text, in the French, accent-insensitive configuration of migration 2 (bounded: a tsvector holds at most 1 MB).
  `create function app_search_text(body text) returns tsvector language sql immutable parallel safe
     as $$ select to_tsvector('app_french', left(coalesce(body, ''), 100000)) $$`,
  `create function app_search_entry(message text, visibility text) returns tsvector language sql immutable parallel safe
     as $$ select setweight(app_search_text(message),
       (case visibility when 'EVERYONE' then 'A' when 'PARTICIPANTS' then 'B' when 'OWNER' then 'C' else 'D' end)::"char") $$`,
  `create aggregate app_search_concat(tsvector) (sfunc = tsvector_concat, stype = tsvector, initcond = '')`,
  // One ticket's documents from scratch: the subject first, then the entries in order.
  `create function app_ticket_search_document(ticket_id int, subject text) returns tsvector language sql stable parallel safe
     as $$ select setweight(app_search_text(subject), 'A') || coalesce((select app_search_concat(app_search_entry(e.message, e.visibility) order by e.id)
        from ticket_event e where e.ticket_id = $1 and e.message is not null), '') $$`,
  `create function app_ticket_search_invitees(ticket_id int) returns tsvector language sql stable parallel safe
     as $$ select app_search_concat(app_search_text(e.message) order by e.id) from ticket_event e
        where e.ticket_id = $1 and e.visibility = 'INVITEES' and e.message is not null $$`,
  // The indexable part of a query, negations removed: it matches a superset of what any viewer's part of a document matches.
  // When nothing indexable is left ("-x", "x or -y"), a query every document matches (no lexeme is upper case).
  `create function app_search_positive(q tsquery) returns tsquery language sql immutable parallel safe
     as $$ select case when querytree(q) in ('T', '') then '!''NONE'''::tsquery else querytree(q)::tsquery end $$`,
  `create table ticket_search (
     ticket_id int primary key references ticket (id) on update cascade on delete cascade,
     document tsvector not null,
     invitees_document tsvector null)`,
  `create function app_ticket_search_on_ticket() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       insert into ticket_search (ticket_id, document) values (new.id, setweight(app_search_text(new.subject), 'A'));
     else
       update ticket_search set document = app_ticket_search_document(new.id, new.subject) where ticket_id = new.id;
     end if;
     return null;
   exception when program_limit_exceeded then
     raise warning 'ticket %: search document too large, subject not indexed', new.id;
     return null;
   end $$`,
  `create trigger ticket_search_insert after insert on ticket for each row execute function app_ticket_search_on_ticket()`,
  `create trigger ticket_search_subject after update of subject on ticket for each row
     when (old.subject is distinct from new.subject) execute function app_ticket_search_on_ticket()`,
  // A new entry is appended; an edited, moved or deleted one rebuilds its ticket's documents.
  `create function app_ticket_event_search() returns trigger language plpgsql as $$
   declare
     changed_ticket int;
   begin
     if tg_op = 'INSERT' then
       changed_ticket := new.ticket_id;
       if new.message is not null then
         update ticket_search set document = document || app_search_entry(new.message, new.visibility),
           invitees_document = case when new.visibility = 'INVITEES'
             then coalesce(invitees_document, '') || app_search_text(new.message) else invitees_document end
         where ticket_id = new.ticket_id;
       end if;
       return null;
     end if;
     changed_ticket := old.ticket_id;
     update ticket_search s set document = app_ticket_search_document(t.id, t.subject), invitees_document = app_ticket_search_invitees(t.id)
     from ticket t where t.id = s.ticket_id and (t.id = old.ticket_id or (tg_op = 'UPDATE' and t.id = new.ticket_id));
     return null;
   exception when program_limit_exceeded then
     raise warning 'ticket %: search document too large, entry not indexed', changed_ticket;
     return null;
   end $$`,
  `create trigger ticket_event_search_insert after insert on ticket_event for each row execute function app_ticket_event_search()`,
  `create trigger ticket_event_search_change after update of message, visibility, ticket_id or delete on ticket_event
     for each row execute function app_ticket_event_search()`,
  `insert into ticket_search (ticket_id, document, invitees_document)
     select id, app_ticket_search_document(id, subject), app_ticket_search_invitees(id) from ticket`,
  `create index ticket_search_document_index on ticket_search using gin (document)`,
  // The per-row expressions these indexed are no longer searched.
  `drop index if exists ticket_subject_fts`,
  `drop index if exists ticket_event_message_fts`,
  // JIT compiling costs 0.2–0.8 s per statement once a plan's estimated cost is high (a search's count, a long list):
  // never worth it for this application's short statements. New connections to this database start without it.
  `do $$ begin
     execute format('alter database %I set jit = off', current_database());
   exception when insufficient_privilege then
     raise notice 'jit left on (not the owner of the database): %', sqlerrm;
   end $$`,
  // Open tickets only (a few percent of a large table): a department's queue by last activity, and its counts per
  // status, which carry the columns of the read rule (policies/ticket.policy.ts) so counting never reads the table.
  `create index ticket_open_queue_index on ticket (department_id, last_activity_at desc, id desc)
     where status in ('FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED')`,
  `create index ticket_open_status_index on ticket (department_id, status) include (owner_id, creator_id, visibility, id)
     where status in ('FREE', 'IN_PROGRESS', 'INCOMPLETE', 'POSTPONED')`,
];
