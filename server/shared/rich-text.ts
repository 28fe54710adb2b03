import sanitizeHtml from 'sanitize-html';
import { BadInputError } from '../errors.js';

// A small allowlist: what the wizard's editor (B, I, U, lists, quotes, links) can produce.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Links open outside the ENT and never hand it the opener.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math'],
};
const LINK_OPTIONS = { ...OPTIONS, allowedAttributes: { a: ['href', 'rel', 'target'] } };

/** Cleans user HTML on the server so no script, handler or dangerous link is ever stored. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html.replaceAll('\u0000', ''), LINK_OPTIONS).trim();
}

/** The visible text of cleaned HTML, to tell an empty message from a real one. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;|\s+/g, ' ')
    .trim();
}

/** A required rich-text field: length checked on the raw input, emptiness on the cleaned text. */
export function requireRichText(field: string, raw: string | null | undefined, maxLength: number): string {
  const value = raw ?? '';
  if (value.length > maxLength) throw new BadInputError(`${field} must be at most ${maxLength} characters`, field);
  const clean = sanitizeRichText(value);
  if (plainText(clean) === '') throw new BadInputError(`${field} must not be empty`, field);
  return clean;
}

/** An optional rich-text field: null when absent or empty after cleaning. */
export function optionalRichText(field: string, raw: string | null | undefined, maxLength: number): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  if (raw.length > maxLength) throw new BadInputError(`${field} must be at most ${maxLength} characters`, field);
  const clean = sanitizeRichText(raw);
  return plainText(clean) === '' ? null : clean;
}

/** A required one-line text (subject, label): trimmed, control characters refused. */
export function requireLine(field: string, raw: string | null | undefined, maxLength: number): string {
  const value = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (value === '') throw new BadInputError(`${field} must not be empty`, field);
  if (/\p{Cc}/u.test(value)) throw new BadInputError(`${field} must not contain control characters`, field);
  if (value.length > maxLength) throw new BadInputError(`${field} must be at most ${maxLength} characters`, field);
  return value;
}
