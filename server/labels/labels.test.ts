import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/fixture.js';
import { errorCode, ok } from '../../test/harness.js';
import { TicketEventType, TicketOrigin } from '../model/ticket.enums.js';
import { TicketAction, TicketStatus } from '../model/ticket-status.js';
import { languageOf } from '../shared/languages.js';
import { label, labelsIn } from './labels.js';

describe('label catalogue', () => {
  it('should word every status exactly as the domain model does, in French and English', () => {
    expect(label('status', TicketStatus.INCOMPLETE, 'fr')).toBe('Incomplet (en attente de votre réponse)');
    expect(label('status', TicketStatus.CLOSED, 'fr')).toBe("Clos (en attente d'approbation)");
    expect(label('status', TicketStatus.EXPIRED, 'en')).toBe('Expired (closure not disputed)');
    expect(label('action', TicketAction.REFUSE_CLOSURE, 'fr')).toBe('Refuser clôture');
    expect(label('priority', 5, 'fr')).toBe('Très élevée');
  });

  it('should have a non-empty, distinct text in both languages for every status, action, event type and origin', () => {
    const kinds = { status: TicketStatus, action: TicketAction, eventType: TicketEventType, origin: TicketOrigin } as const;
    for (const [kind, values] of Object.entries(kinds) as [keyof typeof kinds, Record<string, string>][]) {
      for (const key of Object.values(values)) {
        for (const lang of ['fr', 'en'] as const) {
          const text = labelsIn(lang).find((l) => l.kind === kind && l.key === key)?.text;
          // A missing entry would fall back to the key itself ("API" is its own word, so compare the lookup).
          expect(text, `${kind} ${key} ${lang}`).toBeTruthy();
        }
      }
    }
    expect(labelsIn('fr').length).toBe(labelsIn('en').length);
  });

  it('should fall back to French for a stored language it does not speak', () => {
    expect(languageOf('en-GB')).toBe('en');
    expect(languageOf('de')).toBe('fr');
    expect(languageOf(null)).toBe('fr');
  });
});

describe('labels(lang) over the API', () => {
  const app = useTestApp();

  it('should serve the French catalogue by default and English on request', async () => {
    const fr = ok(await app.gql<{ labels: { kind: string; key: string; text: string }[] }>('alice', '{ labels { kind key text } }'));
    expect(fr.labels).toContainEqual({ kind: 'status', key: 'FREE', text: 'Libre' });
    const en = ok(
      await app.gql<{ labels: { kind: string; key: string; text: string }[] }>('alice', '{ labels(lang: "en") { kind key text } }'),
    );
    expect(en.labels).toContainEqual({ kind: 'status', key: 'FREE', text: 'Free' });
  });

  it('should refuse a language that does not exist with BAD_USER_INPUT naming lang', async () => {
    const result = await app.gql('alice', '{ labels(lang: "de") { key } }');
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('lang');
  });

  it('should describe enum values in both languages in the schema', async () => {
    const result = ok(
      await app.gql<{ __type: { enumValues: { name: string; description: string }[] } }>(
        'alice',
        '{ __type(name: "TicketStatus") { enumValues { name description } } }',
      ),
    );
    expect(result.__type.enumValues).toContainEqual({ name: 'FREE', description: 'Free — « Libre »' });
  });
});
