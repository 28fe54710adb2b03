import { Migration } from '@mikro-orm/migrations';

/**
 * History entries name each changed property by a stable key (docs/lifecycle.md, "History"): stored
 * changes written as `{field, before, after}` become `{property, before, after}` ("invitees" becomes
 * "invitee"); values are left as they were written. Exported so a test can replay it on old rows.
 */
export const RENAME_CHANGE_KEYS = `update ticket_event set changes = (
    select coalesce(jsonb_agg(
      case when c ? 'field'
        then (c - 'field') || jsonb_build_object('property', case c->>'field' when 'invitees' then 'invitee' else c->>'field' end)
        else c end
      order by n), '[]'::jsonb)
    from jsonb_array_elements(changes) with ordinality as x(c, n))
  where exists (select 1 from jsonb_array_elements(changes) c where c ? 'field');`;

const EVENT_TYPES = [
  'CREATED',
  'TAKEN',
  'ASSIGNED',
  'FREED',
  'INFORMATION_REQUESTED',
  'INFORMATION_GIVEN',
  'COMMENTED',
  'POSTPONED',
  'RECALLED',
  'CLOSURE_REQUESTED',
  'CLOSED_BY_OWNER',
  'CLOSURE_APPROVED',
  'CLOSURE_REFUSED',
  'CANCELLED',
  'REFUSED',
  'REOPENED',
  'EXPIRED',
  'MOVED',
  'INVITED',
  'INVITATION_REMOVED',
  'UPDATED',
  'FILES_ATTACHED',
  'FILE_DELETED',
  'OWNER_CHANGED',
];

/** The OWNER_CHANGED entry type (changeOwner), and stable property keys in stored changes. */
export class Migration20261129100000History extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_type_check";`);
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_type_check" check ("type" in (${EVENT_TYPES.map((t) => `'${t}'`).join(', ')}));`,
    );
    this.addSql(RENAME_CHANGE_KEYS);
  }
}
