import { BadInputError } from '../errors.js';

/** The languages the helpdesk speaks (docs/domain.md, "People and roles": French by default, English complete). */
export const LANGUAGES = ['fr', 'en'] as const;

/** One of LANGUAGES. */
export type Language = (typeof LANGUAGES)[number];

/** The language used when none was chosen (or a stored value is not one we speak). */
export const DEFAULT_LANGUAGE: Language = 'fr';

/** Narrows any stored or requested language to one we speak (French when unknown: the ENT's default). */
export function languageOf(value: string | null | undefined): Language {
  return LANGUAGES.find((l) => l === value?.slice(0, 2).toLowerCase()) ?? DEFAULT_LANGUAGE;
}

/** Checks a language a client asked for: an unknown one is a BAD_USER_INPUT naming the field. */
export function requireLanguage(value: string, field: string): Language {
  const lang = LANGUAGES.find((l) => l === value);
  if (!lang) throw new BadInputError(`Unknown language "${value.slice(0, 16)}": expected ${LANGUAGES.join(' or ')}`, field);
  return lang;
}
