import { BadInputError } from '../errors.js';
import { WORDS, type LabelKind, type Words } from './words.js';

/** The languages of the helpdesk; French first (the ENT's language), English complete. */
export const LANGUAGES = ['fr', 'en'] as const;
/** One of LANGUAGES. */
export type Language = (typeof LANGUAGES)[number];

/** Narrows any stored or requested language to one we speak (French when unknown: the ENT's default). */
export function languageOf(value: string | null | undefined): Language {
  return LANGUAGES.find((l) => l === value?.slice(0, 2).toLowerCase()) ?? 'fr';
}

/** Checks a language a client asked for: an unknown one is a BAD_USER_INPUT naming the field. */
export function requireLanguage(value: string, field: string): Language {
  const lang = LANGUAGES.find((l) => l === value);
  if (!lang) throw new BadInputError(`Unknown language "${value.slice(0, 16)}": expected ${LANGUAGES.join(' or ')}`, field);
  return lang;
}

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
