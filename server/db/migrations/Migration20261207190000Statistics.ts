import { Migration } from '@mikro-orm/migrations';

/**
 * What ticketStatistics (server/desk/statistics.rows.ts) reads, so a year of a million tickets answers
 * in about a second rather than minutes (README, "Performance", row STATS):
 * - the entries that moved a ticket between open and not open, by time, with what the backlog and the
 *   reopen count need: the predicate is word for word the statement's (OPENNESS_CHANGE; the open
 *   statuses of model/ticket-status.ts), or PostgreSQL would not use the index;
 * - a ticket's entries by time (the unread test's index) also carrying what the first response and
 *   the resolution need, read without visiting the table;
 * - a department's tickets by creation, carrying what the counts by category, origin, status and owner need.
 */
export class Migration20261207190000Statistics extends Migration {
  override async up(): Promise<void> {
    const open = `'{FREE,IN_PROGRESS,INCOMPLETE,POSTPONED}'::text[]`;
    this.addSql(
      `create index "ticket_event_openness_index" on "ticket_event" ("at") include ("ticket_id", "type", "status_before", "status_after")
       where ("status_before" = any(${open})) is distinct from ("status_after" = any(${open}));`,
    );
    this.addSql(`drop index if exists "ticket_event_ticket_id_at_index";`);
    this.addSql(
      `create index "ticket_event_ticket_id_at_index" on "ticket_event" ("ticket_id", "at") include ("type", "actor_id", "status_after");`,
    );
    this.addSql(
      `create index "ticket_department_id_created_at_index" on "ticket" ("department_id", "created_at")
       include ("id", "owner_id", "category_id", "origin", "status", "spent_minutes");`,
    );
  }
}
