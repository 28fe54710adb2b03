import { BadInputError } from '../errors.js';

/** A keyset position: the list's sort time (PostgreSQL's microseconds, UTC) and the row id that breaks ties. */
export interface Keyset {
  at: string;
  id: number;
}

/** Longest cursor we decode: ours are about 50 characters; anything longer is not ours. */
const MAX_CURSOR_LENGTH = 200;
const AT = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.\d{6}Z$/;
const ID = /^[1-9]\d{0,9}$/;
const MAX_ID = 2_147_483_647;

/** Encodes a keyset position as an opaque cursor (the time keeps microseconds: a millisecond cursor could skip rows). */
export function encodeCursor(at: string, id: number): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

/**
 * Decodes and checks a cursor before it reaches SQL: anything that is not exactly one we could
 * have made — impossible calendar dates included — is BAD_USER_INPUT on `after`, never a database error.
 */
export function decodeCursor(cursor: string, field = 'after'): Keyset {
  const invalid = (): BadInputError => new BadInputError('Invalid cursor', field, 400);
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid();
  }
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (parts.length !== 2) throw invalid();
  const [at, id] = parts;
  if (!isRealInstant(at) || !ID.test(id) || Number(id) > MAX_ID) throw invalid();
  return { at, id: Number(id) };
}

/** The shape alone lets 2026-02-30 or 0000-01-01 through, which PostgreSQL then refuses: check the calendar too. */
function isRealInstant(at: string): boolean {
  const match = AT.exec(at);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  return day <= daysIn(year, month);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
