import type { EntityManager } from '@mikro-orm/postgresql';
import { lockedFactsOf, lockedFactsSql, type LockedFacts, type LockedFactsColumns } from '../policies/ticket-access.js';
import { Ticket } from '../model/ticket.entity.js';
import type { ActionTransaction } from './transaction.js';

// The ticket row of an action in SQL: read and locked in one statement, written back column by column
// with its entry (entry.ts). The unit of work's change tracking cost more than the statements
// themselves on the hot path (issue 8); entities stay for what declarations read and change.

/** A column value as the statement sends it (dates as ISO instants). */
type Value = string | number | null;

/** Every column an action may change, as the entity holds it now. */
const WRITABLE: Readonly<Record<string, (t: Ticket) => Value>> = {
  subject: (t) => t.subject,
  status: (t) => t.status,
  priority: (t) => t.priority,
  visibility: (t) => t.visibility,
  origin: (t) => t.origin,
  owner_id: (t) => t.owner.id,
  manager_id: (t) => t.manager?.id ?? null,
  category_id: (t) => t.category.id,
  department_id: (t) => t.department.id,
  last_activity_at: (t) => t.lastActivityAt.toISOString(),
  recall_at: (t) => t.recallAt?.toISOString() ?? null,
  closure_requested_at: (t) => t.closureRequestedAt?.toISOString() ?? null,
  ended_at: (t) => t.endedAt?.toISOString() ?? null,
  spent_minutes: (t) => t.spentMinutes,
};
const COLUMNS = Object.keys(WRITABLE);

/**
 * The ticket of an action and what its row holds in the database, so that each write sends only the
 * columns the action changed (a subject left alone never rebuilds the search document).
 */
export class TicketRow {
  private written: Value[];

  constructor(
    readonly transaction: ActionTransaction,
    private readonly em: EntityManager,
    readonly ticket: Ticket,
  ) {
    this.written = valuesOf(ticket);
  }

  /** The columns changed since the row was read or last written, and their new values. */
  changed(): [string, Value][] {
    const now = valuesOf(this.ticket);
    return COLUMNS.flatMap((column, i) => (now[i] === this.written[i] ? [] : [[column, now[i]] as [string, Value]]));
  }

  /** Notes a write of the row: the entity is in step with it, and the unit of work has nothing left to write for it. */
  wrote(version: number, at: Date): void {
    this.ticket.version = version;
    this.ticket.updatedAt = at;
    this.written = valuesOf(this.ticket);
    this.em.getUnitOfWork().merge(this.ticket);
  }
}

function valuesOf(ticket: Ticket): Value[] {
  return COLUMNS.map((column) => WRITABLE[column](ticket));
}

/**
 * Locks the ticket row (`SELECT … FOR UPDATE`) and reads, in the same statement, the facts the
 * judgement needs (policies/ticket-access.ts); null when the ticket does not exist.
 */
export async function lockTicket(
  t: ActionTransaction,
  id: number,
  actorId: number | null,
): Promise<{ row: TicketRow; facts: LockedFacts } | null> {
  const facts = lockedFactsSql(actorId);
  const rows = await t.execute<Record<string, unknown> & LockedFactsColumns>(
    `select t.*, ${facts.sql} from ticket t join department d on d.id = t.department_id where t.id = ? for update of t`,
    [...facts.params, id],
  );
  const found = rows.at(0);
  if (!found) return null;
  const { facts_confidential, facts_reopen_days, facts_expire_days, facts_invitations, facts_watching, ...columns } = found;
  // A row PostgreSQL just returned: its types need no validation, and its references (users, category,
  // department) stay references, so there is nothing to cascade to.
  // Hydrated where the request (or the scheduler) works: it is the ticket the mutation answers with.
  const em = t.site;
  const data = em.getDriver().mapResult<Ticket>(columns, em.getMetadata(Ticket));
  const ticket = em.merge(Ticket, data ?? {}, { refresh: true, convertCustomTypes: true, validate: false, cascade: false });
  const factColumns = { facts_confidential, facts_reopen_days, facts_expire_days, facts_invitations, facts_watching };
  return { row: new TicketRow(t, em, ticket), facts: lockedFactsOf(factColumns, ticket.department.id) };
}
