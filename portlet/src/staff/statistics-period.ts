import type { Lang } from '../shared/i18n.js';

/** A period as the form holds it: two days (YYYY-MM-DD), the last one included. */
export interface Period {
  from: string;
  to: string;
}

/** The periods offered in one click. */
export const PRESETS = ['month', 'days30', 'academic', 'lastYear'] as const;
export type Preset = (typeof PRESETS)[number];

/** Why a period is refused before anything is sent (the server refuses the same ones: BAD_USER_INPUT). */
export type PeriodProblem = 'missing' | 'order' | 'tooLong';

const DAY = 24 * 3600 * 1000;
// The server's bound: five years, leap days included (server/desk/statistics.service.ts).
const MAX_PERIOD = (5 * 365 + 2) * DAY;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const iso = (time: number): string => new Date(time).toISOString().slice(0, 10);
const utc = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** The period a preset names, from the day the person sees on their calendar (`now`, local). */
export function presetPeriod(preset: Preset, now = new Date()): Period {
  const [y, m, d] = [now.getFullYear(), now.getMonth(), now.getDate()];
  const today = Date.UTC(y, m, d);
  switch (preset) {
    case 'month':
      return { from: iso(Date.UTC(y, m, 1)), to: iso(today) };
    case 'days30':
      return { from: iso(today - 29 * DAY), to: iso(today) };
    // The academic year starts on 1 September: before it, the one that began last September.
    case 'academic':
      return { from: iso(Date.UTC(m >= 8 ? y : y - 1, 8, 1)), to: iso(today) };
    case 'lastYear':
      return { from: iso(Date.UTC(y - 1, 0, 1)), to: iso(Date.UTC(y - 1, 11, 31)) };
  }
}

/** What is wrong with a period, if anything: a missing day, an end before the start, more than five years. */
export function periodProblem({ from, to }: Period): PeriodProblem | undefined {
  if (!DAY_PATTERN.test(from) || !DAY_PATTERN.test(to) || Number.isNaN(utc(from)) || Number.isNaN(utc(to))) return 'missing';
  if (utc(to) < utc(from)) return 'order';
  return utc(to) + DAY - utc(from) > MAX_PERIOD ? 'tooLong' : undefined;
}

/**
 * The query's [from, to): whole UTC days, the last one included, so the figures, the CSV and the
 * backlog (one point per UTC day on the server) all speak of the same days.
 */
export function periodRange({ from, to }: Period): { from: string; to: string } {
  return { from: new Date(utc(from)).toISOString(), to: new Date(utc(to) + DAY).toISOString() };
}

/** The period back from a query's range (the heading and the file name say which days were asked). */
export function rangePeriod(range: { from: string; to: string }): Period {
  return { from: range.from.slice(0, 10), to: iso(Date.parse(range.to) - DAY) };
}

const locale = (lang: Lang): string => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** A day as people of that language read it ("01/09/2026"). */
export const formatDay = (lang: Lang, day: string): string => new Date(utc(day)).toLocaleDateString(locale(lang), { timeZone: 'UTC' });

/**
 * A duration given in minutes in the unit a person reads best: minutes under an hour, hours under two
 * days, days beyond ("45 min", "3,5 h", "2,1 j"); an empty figure (no ticket) is a dash.
 */
export function formatMinutes(lang: Lang, minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return '—';
  const [value, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 48 * 60 ? [minutes / 60, 'hour'] : [minutes / 1440, 'day'];
  return new Intl.NumberFormat(locale(lang), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
