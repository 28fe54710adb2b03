import { Field, ObjectType } from 'type-graphql';
import { label } from '../labels/labels.js';
import type { Language } from '../shared/languages.js';
import type { StoredChange } from '../model/ticket-event.entity.js';

/** One property a history entry changed, before → after, in words a person reads (docs/lifecycle.md, "History"). */
@ObjectType({ simpleResolvers: true, description: 'One property a history entry changed, with its values as a person reads them.' })
export class PropertyChange {
  @Field({
    description:
      'Stable key: subject, priority, visibility, origin, spentMinutes, category, manager, owner, invitee or recallAt (labels of kind "property" name them).',
  })
  property!: string;

  @Field(() => String, {
    nullable: true,
    description: "The value before, as it read then (names and paths) or worded in the reader's language; null: none.",
  })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'The value after; null: none (e.g. no manager any more).' })
  after!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: "For a date (recallAt): the instant before, so a client writes it in its reader's time zone; else null.",
  })
  beforeDate!: Date | null;

  @Field(() => Date, { nullable: true, description: 'For a date (recallAt): the instant after; else null.' })
  afterDate!: Date | null;
}

/** A stored change as the reader reads it: enum keys and priorities by the label catalogue, dates in Paris time (and as instants). */
export function readChange(change: StoredChange, lang: Language): PropertyChange {
  const instant = (value: string | null): Date | null => {
    const date = change.property === 'recallAt' && value !== null ? new Date(value) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  };
  return {
    property: change.property,
    before: worded(change, change.before, lang),
    after: worded(change, change.after, lang),
    beforeDate: instant(change.before),
    afterDate: instant(change.after),
  };
}

function worded({ property }: StoredChange, value: string | null, lang: Language): string | null {
  if (value === null) return null;
  switch (property) {
    case 'priority':
    case 'visibility':
    case 'origin':
      return label(property, value, lang);
    case 'recallAt':
      return dateIn(value, lang);
    default:
      return value;
  }
}

const PARIS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A date as the helpdesk shows it, in the universities' time zone: 28/11/2026 14:30 in French, 2026-11-28 14:30 in English. */
export function dateIn(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = (type: Intl.DateTimeFormatPartTypes): string => PARIS.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  const [y, mo, d, h, mi] = [part('year'), part('month'), part('day'), part('hour'), part('minute')];
  return lang === 'fr' ? `${d}/${mo}/${y} ${h}:${mi}` : `${y}-${mo}-${d} ${h}:${mi}`;
}
