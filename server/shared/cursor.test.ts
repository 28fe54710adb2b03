import { describe, expect, it } from 'vitest';
import { isRealInstant } from './cursor.js';

describe('cursor times', () => {
  it('should accept 29 February of a leap year, and the last microsecond of a year', () => {
    expect(isRealInstant('2024-02-29T00:00:00.000000Z')).toBe(true);
    expect(isRealInstant('2000-02-29T00:00:00.000000Z')).toBe(true);
    expect(isRealInstant('9999-12-31T23:59:59.999999Z')).toBe(true);
  });

  it.each([
    ['30 February', '2026-02-30T10:00:00.000000Z'],
    ['29 February of a common year', '2026-02-29T10:00:00.000000Z'],
    ['29 February 1900 (not a leap year)', '1900-02-29T10:00:00.000000Z'],
    ['31 April', '2026-04-31T10:00:00.000000Z'],
    ['year 0', '0000-01-01T00:00:00.000000Z'],
    ['month 13', '2026-13-01T00:00:00.000000Z'],
    ['month 0', '2026-00-10T00:00:00.000000Z'],
    ['day 0', '2026-01-00T00:00:00.000000Z'],
    ['hour 24', '2026-01-01T24:00:00.000000Z'],
    ['minute 60', '2026-01-01T10:60:00.000000Z'],
    ['a leap second', '2026-12-31T23:59:60.000000Z'],
    ['milliseconds only', '2026-01-01T10:00:00.000Z'],
    ['no time zone', '2026-01-01T10:00:00.000000'],
    ['nothing', ''],
  ])('should refuse %s', (_label, at) => {
    expect(isRealInstant(at)).toBe(false);
  });
});
