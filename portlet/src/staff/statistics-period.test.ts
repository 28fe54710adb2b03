import { describe, expect, it } from 'vitest';
import { formatMinutes, periodProblem, periodRange, presetPeriod, rangePeriod } from './statistics-period.js';

describe('statistics periods', () => {
  it('should give each preset its days, the academic year starting on 1 September', () => {
    const march = new Date(2026, 2, 15, 10);
    expect(presetPeriod('month', march)).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(presetPeriod('days30', march)).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(presetPeriod('academic', march)).toEqual({ from: '2025-09-01', to: '2026-03-15' });
    expect(presetPeriod('academic', new Date(2026, 8, 1))).toEqual({ from: '2026-09-01', to: '2026-09-01' });
    expect(presetPeriod('lastYear', march)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('should refuse what the server refuses: a missing day, an end before the start, more than 5 years', () => {
    expect(periodProblem({ from: '', to: '2026-01-01' })).toBe('missing');
    expect(periodProblem({ from: '2026-03-10', to: '2026-03-01' })).toBe('order');
    expect(periodProblem({ from: '2026-03-10', to: '2026-03-10' })).toBeUndefined();
    // 2021-2025 and one more day is exactly the server's 5 × 365 + 2 days; one more is over.
    expect(periodProblem({ from: '2021-01-01', to: '2026-01-01' })).toBeUndefined();
    expect(periodProblem({ from: '2021-01-01', to: '2026-01-02' })).toBe('tooLong');
  });

  it('should ask whole UTC days, the last one included, and read them back', () => {
    const range = periodRange({ from: '2026-02-01', to: '2026-02-28' });
    expect(range).toEqual({ from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
    expect(rangePeriod(range)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('should write durations in minutes, hours or days, and a dash when there is none', () => {
    const fr = (minutes: number | null) => formatMinutes('fr', minutes).replace(/\s/g, ' ');
    expect([fr(45), fr(90), fr(4320), fr(null)]).toEqual(['45 min', '1,5 h', '3 j', '—']);
    expect(formatMinutes('en', 90)).toMatch(/^1\.5\s?hrs?$/);
  });
});
