import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { dateIn, readChange } from './history.types.js';

describe('a stored change as a person reads it', () => {
  it('should word priority, visibility and origin keys with the label catalogue, in French or English', () => {
    expect(readChange({ property: 'priority', before: '3', after: '1' }, 'fr')).toEqual({
      property: 'priority',
      before: 'Normale',
      after: 'Très basse',
      beforeDate: null,
      afterDate: null,
    });
    expect(readChange({ property: 'visibility', before: 'PRIVATE', after: 'SUBJECT_ONLY' }, 'en')).toEqual({
      property: 'visibility',
      before: 'Private',
      after: 'Subject only',
      beforeDate: null,
      afterDate: null,
    });
    expect(readChange({ property: 'origin', before: 'WEB', after: 'EMAIL' }, 'fr').after).toBe('Courriel');
  });

  it('should keep names, paths, subjects and minutes exactly as they were written, and null as null', () => {
    for (const property of ['subject', 'category', 'manager', 'owner', 'invitee', 'spentMinutes'] as const) {
      expect(readChange({ property, before: null, after: 'DNUM - ENT' }, 'en')).toEqual({
        property,
        before: null,
        after: 'DNUM - ENT',
        beforeDate: null,
        afterDate: null,
      });
    }
  });

  it('should show dates in Paris time, winter and summer: dd/MM/yyyy HH:mm in French, yyyy-MM-dd HH:mm in English', () => {
    expect(dateIn('2026-01-15T08:30:00.000Z', 'fr')).toBe('15/01/2026 09:30');
    expect(dateIn('2026-07-01T22:05:00.000Z', 'fr')).toBe('02/07/2026 00:05');
    expect(dateIn('2026-07-01T22:05:00.000Z', 'en')).toBe('2026-07-02 00:05');
    expect(readChange({ property: 'recallAt', before: '2026-01-15T08:30:00.000Z', after: null }, 'fr').before).toBe('15/01/2026 09:30');
  });

  it("should give a recall date as an instant too, so the portlet writes it in its reader's zone; none for other properties", () => {
    const change = readChange({ property: 'recallAt', before: null, after: '2026-07-01T22:05:00.000Z' }, 'fr');
    expect(change.afterDate?.toISOString()).toBe('2026-07-01T22:05:00.000Z');
    expect(change.beforeDate).toBeNull();
    expect(readChange({ property: 'subject', before: null, after: '2026-07-01T22:05:00.000Z' }, 'fr').afterDate).toBeNull();
  });

  it('should leave a value that is not a date as it was rather than invent one', () => {
    expect(dateIn('bientôt', 'fr')).toBe('bientôt');
    expect(readChange({ property: 'recallAt', before: null, after: 'bientôt' }, 'fr').afterDate).toBeNull();
  });
});
