import { BadInputError } from '../errors.js';
import { isRealInstant } from '../shared/cursor.js';
import { OrderDirection, TicketOrderField } from '../model/ticket-order.enums.js';
import type { SqlPart } from './ticket-filter.js';

/** How a list is sorted, as the read side takes it (the GraphQL TicketOrder input is one). */
export interface ListOrder {
  field: TicketOrderField;
  direction: OrderDirection;
}

/** The order of a list when the client names none: the newest activity first. */
export const DEFAULT_ORDER: Readonly<ListOrder> = Object.freeze({
  field: TicketOrderField.LAST_ACTIVITY,
  direction: OrderDirection.DESC,
});

/** One column a list sorts on: times keep PostgreSQL's microseconds, so no two tickets of one millisecond are skipped. */
interface SortKey {
  sql: string;
  kind: 'time' | 'int';
}

const LAST_ACTIVITY: SortKey = { sql: 't.last_activity_at', kind: 'time' };
const NUMBER: SortKey = { sql: 't.id', kind: 'int' };

// Every order ends with the number, so the sort is total and a keyset never skips nor repeats a ticket.
const KEYS: Record<TicketOrderField, SortKey[]> = {
  [TicketOrderField.LAST_ACTIVITY]: [LAST_ACTIVITY, NUMBER],
  [TicketOrderField.CREATED]: [{ sql: 't.created_at', kind: 'time' }, NUMBER],
  [TicketOrderField.NUMBER]: [NUMBER],
  [TicketOrderField.PRIORITY]: [{ sql: 't.priority', kind: 'int' }, LAST_ACTIVITY, NUMBER],
};

const SELECTS = new Map<SortKey[], string>();

const INT = /^\d{1,10}$/;
/** Keys are PostgreSQL integers: a larger number would fail in SQL, not as bad input. */
const MAX_INT = 2_147_483_647;
/** Ours are about 100 characters; anything much longer is not a cursor we made. */
const MAX_CURSOR_LENGTH = 400;

/**
 * Keyset pagination for one order: what to select, how to sort, and where a page after a cursor
 * starts. The cursor carries the order and the whole sort key of the last ticket, so it works for
 * every order and is refused under another one.
 */
export class TicketKeyset {
  private readonly keys: SortKey[];
  private readonly direction: 'asc' | 'desc';

  constructor(private readonly order: ListOrder) {
    this.keys = KEYS[order.field];
    this.direction = order.direction === OrderDirection.ASC ? 'asc' : 'desc';
  }

  /** The sort key's columns as text, aliased k0, k1, …, to build cursors from (built once per order: every list asks). */
  selectSql(): string {
    let sql = SELECTS.get(this.keys);
    if (sql === undefined) {
      sql = this.keys
        .map(
          (k, i) =>
            `${k.kind === 'time' ? `to_char(${k.sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : `${k.sql}::text`} as k${i}`,
        )
        .join(', ');
      SELECTS.set(this.keys, sql);
    }
    return sql;
  }

  /** The ORDER BY list, every key in the order's direction. */
  orderBySql(): string {
    return this.keys.map((k) => `${k.sql} ${this.direction}`).join(', ');
  }

  /** The condition "after this cursor" (a row comparison over the whole key). */
  afterSql(cursor: string): SqlPart {
    const values = this.decode(cursor);
    const columns = this.keys.map((k) => k.sql).join(', ');
    const slots = this.keys.map((k) => (k.kind === 'time' ? '?::timestamptz' : '?::int')).join(', ');
    return { sql: `(${columns}) ${this.direction === 'desc' ? '<' : '>'} (${slots})`, params: values };
  }

  /** The cursor of a row selected with selectSql(). */
  encode(row: Record<string, unknown>): string {
    const values = this.keys.map((_k, i) => String(row[`k${i}`]));
    return Buffer.from(JSON.stringify([this.order.field, this.order.direction, ...values])).toString('base64url');
  }

  private decode(cursor: string): string[] {
    if (cursor.length > MAX_CURSOR_LENGTH) throw invalidCursor();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    } catch {
      throw invalidCursor();
    }
    if (!Array.isArray(parsed) || parsed.length !== this.keys.length + 2) throw invalidCursor();
    const [field, direction, ...values] = parsed as unknown[];
    if (field !== this.order.field || direction !== this.order.direction)
      throw invalidCursor('This cursor belongs to a list in another order');
    const valid = values.every(
      (v, i) => typeof v === 'string' && (this.keys[i].kind === 'time' ? isRealInstant(v) : INT.test(v) && Number(v) <= MAX_INT),
    );
    if (!valid) throw invalidCursor();
    return values as string[];
  }
}

// A forged cursor is an attack on the list, not a field mistake: HTTP 400 as well (docs/api.md, "Errors").
function invalidCursor(message = 'Invalid cursor'): BadInputError {
  return new BadInputError(message, 'after', 400);
}
