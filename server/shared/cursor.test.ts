import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const raw = (text: string): string => Buffer.from(text).toString('base64url');

describe('cursors', () => {
  it('should give back what was encoded, microseconds kept', () => {
    const at = '2026-11-28T09:15:30.123456Z';
    expect(decodeCursor(encodeCursor(at, 42))).toEqual({ at, id: 42 });
  });

  it('should accept 29 February of a leap year, and the last microsecond of a year', () => {
    expect(decodeCursor(raw('2024-02-29T00:00:00.000000Z|1')).at).toBe('2024-02-29T00:00:00.000000Z');
    expect(decodeCursor(raw('2000-02-29T00:00:00.000000Z|1')).at).toBe('2000-02-29T00:00:00.000000Z');
    expect(decodeCursor(raw('9999-12-31T23:59:59.999999Z|2147483647')).id).toBe(2147483647);
  });

  it.each([
    ['30 February', '2026-02-30T10:00:00.000000Z|5'],
    ['29 February of a common year', '2026-02-29T10:00:00.000000Z|5'],
    ['29 February 1900 (not a leap year)', '1900-02-29T10:00:00.000000Z|5'],
    ['31 April', '2026-04-31T10:00:00.000000Z|5'],
    ['year 0', '0000-01-01T00:00:00.000000Z|5'],
    ['month 13', '2026-13-01T00:00:00.000000Z|5'],
    ['month 0', '2026-00-10T00:00:00.000000Z|5'],
    ['day 0', '2026-01-00T00:00:00.000000Z|5'],
    ['hour 24', '2026-01-01T24:00:00.000000Z|5'],
    ['minute 60', '2026-01-01T10:60:00.000000Z|5'],
    ['a leap second', '2026-12-31T23:59:60.000000Z|5'],
    ['milliseconds only', '2026-01-01T10:00:00.000Z|5'],
    ['no time zone', '2026-01-01T10:00:00.000000|5'],
    ['an id of 0', '2026-01-01T10:00:00.000000Z|0'],
    ['an id past int4', '2026-01-01T10:00:00.000000Z|2147483648'],
    ['a negative id', '2026-01-01T10:00:00.000000Z|-1'],
    ['SQL in the id', '2026-01-01T10:00:00.000000Z|1 or 1=1'],
    ['a third part', '2026-01-01T10:00:00.000000Z|5|6'],
    ['no id', '2026-01-01T10:00:00.000000Z'],
    ['nothing', ''],
  ])('should refuse %s as BAD_USER_INPUT on after, with HTTP 400', (_label, text) => {
    expectRefused(raw(text));
  });

  it.each([
    ['characters outside base64url', 'abc+/='],
    ['a cursor far too long', 'A'.repeat(500)],
    ['an empty string', ''],
  ])('should refuse %s before decoding', (_label, cursor) => {
    expectRefused(cursor);
  });
});

function expectRefused(cursor: string): void {
  let caught: unknown;
  try {
    decodeCursor(cursor);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  const error = caught as AppError;
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  expect(error.httpStatus).toBe(400);
}
