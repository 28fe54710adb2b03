/** The languages the helpdesk speaks (domain.md: French by default, English complete). */
export const LANGUAGES = ['fr', 'en'] as const;

/** One of LANGUAGES. */
export type Language = (typeof LANGUAGES)[number];

/** The language used when none was chosen (or a stored value is not one we speak). */
export const DEFAULT_LANGUAGE: Language = 'fr';

/** Whether a value names a language we speak, exactly ("fr", not "FR" or "fr-FR"). */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
