import type { Language } from '../shared/languages.js';
import { WORDS, type LabelKind, type Words } from './words.js';

/** The word for one key of one kind (e.g. label('status', 'FREE', 'fr') = 'Libre'); the key itself when unknown. */
export function label(kind: LabelKind, key: string | number, lang: Language): string {
  const words = (WORDS[kind] as Record<string, Words | undefined>)[String(key)];
  return words ? words[lang] : String(key);
}

/** One entry of the catalogue as the API serves it. */
export interface LabelEntry {
  kind: LabelKind;
  key: string;
  text: string;
}

/** The whole catalogue in one language, in a stable order (kinds, then keys as declared). */
export function labelsIn(lang: Language): LabelEntry[] {
  return (Object.keys(WORDS) as LabelKind[]).flatMap((kind) =>
    Object.entries(WORDS[kind] as Record<string, Words>).map(([key, words]) => ({ kind, key, text: words[lang] })),
  );
}
