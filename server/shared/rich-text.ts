import sanitizeHtml from 'sanitize-html';
import { BadInputError } from '../errors.js';
import { BLOCK_TAGS, CELL_SPAN, DROPPED_WITH_CONTENT, KEPT_TAGS, REPLACED_TAGS, VOID_TAGS } from './rich-text-tags.js';

/*
 * Rich text (docs/api.md, "Texts"): what a helpdesk message needs and is safe — paragraphs,
 * line breaks, bold, italic, underline, http(s)/mailto links, lists, headings, quotes, code, tables,
 * and images of this server's own files. Everything else is removed, and removing never glues two
 * pieces of text together: other block elements become a plain <div>, and where a separating
 * element disappears (a foreign image, a video…) the text on either side keeps a space between.
 */

const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
let filesBase: string | null = null;

/**
 * Tells the sanitiser this server's public URL (main.ts, at start-up), whose `/files/<id>` images
 * messages may show. Until then only relative `/files/<id>` images are kept, as they are.
 */
export function configureRichText(options: { publicUrl: string }): void {
  filesBase = `${options.publicUrl.replace(/\/+$/, '')}/files/`;
}

/** An image source that is one of this server's files, written absolute (so mails and the portlet agree); else null. */
function ownFileUrl(src: string | undefined): string | null {
  const raw = (src ?? '').trim();
  if (raw.startsWith('/files/')) {
    const id = raw.slice('/files/'.length);
    return FILE_ID.test(id) ? `${filesBase ?? '/files/'}${id}` : null;
  }
  if (!filesBase || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  const base = new URL(filesBase);
  if (url.origin !== base.origin || url.username || url.password || url.search || url.hash) return null;
  if (!url.pathname.startsWith(base.pathname)) return null;
  const id = url.pathname.slice(base.pathname.length);
  return FILE_ID.test(id) ? `${filesBase}${id}` : null;
}

/** A link target parsed as the browser would (entities, spaces and tabs resolved): http, https or mailto only. */
function linkTarget(href: string | undefined): string | null {
  if (!href || !URL.canParse(href.trim())) return null;
  const url = new URL(href.trim());
  return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

// A transform never renames to a removed tag: sanitize-html would then misname the next closing tag
// at that depth. Refused links and images keep their name, lose their target, and `unlessTargeted`
// removes them (a link's text stays).
const TRANSFORMS: Record<string, sanitizeHtml.Transformer> = {
  // Links open outside the ENT and never hand it the opener; a link we refuse leaves its text.
  a: (_tag, attribs) => {
    const href = linkTarget(attribs.href);
    if (!href) return { tagName: 'a', attribs: {} };
    const web = !href.startsWith('mailto:');
    return { tagName: 'a', attribs: { href, rel: 'noopener noreferrer nofollow', ...(web ? { target: '_blank' } : {}) } };
  },
  img: (_tag, attribs) => {
    const src = ownFileUrl(attribs.src);
    if (!src) return { tagName: 'img', attribs: {} };
    return { tagName: 'img', attribs: { src, ...(attribs.alt ? { alt: attribs.alt.slice(0, 300) } : {}) } };
  },
  td: (tag, attribs) => ({ tagName: tag, attribs: cellSpans(attribs) }),
  th: (tag, attribs) => ({ tagName: tag, attribs: cellSpans(attribs) }),
  hr: () => ({ tagName: 'br', attribs: {} }),
  ...Object.fromEntries([...BLOCK_TAGS.toDiv].map((tag) => [tag, () => ({ tagName: 'div', attribs: {} })])),
};

function cellSpans(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  return Object.fromEntries(
    Object.entries(attribs).filter(([name, value]) => (name === 'colspan' || name === 'rowspan') && CELL_SPAN.test(value)),
  );
}

const CLEAN: sanitizeHtml.IOptions = {
  allowedTags: [...KEPT_TAGS],
  allowedAttributes: { a: ['href', 'rel', 'target'], img: ['src', 'alt'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: TRANSFORMS,
  exclusiveFilter: unlessTargeted,
  nonTextTags: [...DROPPED_WITH_CONTENT],
};

function unlessTargeted(frame: sanitizeHtml.IFrame): boolean | 'excludeTag' {
  if (frame.tag === 'a' && !frame.attribs.href) return 'excludeTag';
  return frame.tag === 'img' && !frame.attribs.src;
}

const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, nonTextTags: [...DROPPED_WITH_CONTENT] };

/** Whether the element `name` will be in the output (blocks turned into <div> count as kept). */
function kept(options: sanitizeHtml.IOptions, name: string, attribs?: sanitizeHtml.Attributes): boolean {
  if (options !== CLEAN) return false;
  if (name === 'img') return attribs !== undefined && ownFileUrl(attribs.src) !== null;
  return KEPT_TAGS.has(name) || BLOCK_TAGS.toDiv.has(name) || name === 'hr';
}

/**
 * Runs sanitize-html with a watch on separations: when an element that separates text (a block, a
 * line break, an image or other embedded thing) is removed, the next text starts with a space —
 * unless a kept block already separates it, or nothing came before it in that block. Inside an
 * element dropped with its content (a script, an svg…) nothing is output, so nothing there counts.
 */
function clean(html: string, options: sanitizeHtml.IOptions): string {
  let pending = false;
  let textInBlock = false;
  let droppedDepth = 0;
  const boundary = (name: string, attribs?: sanitizeHtml.Attributes): void => {
    if (!BLOCK_TAGS.all.has(name) && !REPLACED_TAGS.has(name)) return;
    if (kept(options, name, attribs)) {
      pending = false;
      textInBlock = false;
    } else pending = true;
  };
  return sanitizeHtml(html.replaceAll('\u0000', ''), {
    ...options,
    onOpenTag: (name, attribs) => {
      if (droppedDepth > 0) {
        if (DROPPED_WITH_CONTENT.has(name)) droppedDepth += 1;
        return;
      }
      if (DROPPED_WITH_CONTENT.has(name)) droppedDepth = 1;
      boundary(name, attribs);
    },
    onCloseTag: (name) => {
      if (droppedDepth > 0) {
        if (!DROPPED_WITH_CONTENT.has(name)) return;
        droppedDepth -= 1;
        if (droppedDepth > 0) return;
      }
      // Void elements were judged when they opened (their close carries no attributes).
      if (!VOID_TAGS.has(name)) boundary(name);
    },
    textFilter: (text) => {
      const separated = pending && textInBlock && /^\S/.test(text) ? ` ${text}` : text;
      if (text !== '') pending = false;
      if (/\S/.test(text)) textInBlock = true;
      return separated;
    },
  });
}

/** Cleans user HTML on the server so no script, handler, foreign resource or dangerous link is ever stored. */
export function sanitizeRichText(html: string): string {
  return clean(html, CLEAN).trim();
}

/** The visible text of HTML (not HTML itself: entities decoded), whitespace collapsed, blocks kept apart. */
export function plainText(html: string): string {
  return clean(html, TEXT_ONLY)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

// Cleaned HTML is empty when it shows no text and none of our images (a screenshot alone is a message).
function isBlank(cleanHtml: string): boolean {
  return plainText(cleanHtml) === '' && !/<img\b/.test(cleanHtml);
}

/** A required rich-text field: length checked on the raw input, emptiness on the cleaned text. */
export function requireRichText(field: string, raw: string | null | undefined, maxLength: number): string {
  const value = raw ?? '';
  if (value.length > maxLength) throw new BadInputError(`${field} must be at most ${maxLength} characters`, field);
  const cleaned = sanitizeRichText(value);
  if (isBlank(cleaned)) throw new BadInputError(`${field} must not be empty`, field);
  return cleaned;
}

/** An optional rich-text field: null when absent or empty after cleaning. */
export function optionalRichText(field: string, raw: string | null | undefined, maxLength: number): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  if (raw.length > maxLength) throw new BadInputError(`${field} must be at most ${maxLength} characters`, field);
  const cleaned = sanitizeRichText(raw);
  return isBlank(cleaned) ? null : cleaned;
}

/** A required one-line text (subject, label): trimmed, control characters refused. */
export function requireLine(field: string, raw: string | null | undefined, maxLength: number): string {
  const value = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (value === '') throw new BadInputError(`${field} must not be empty`, field);
  if (/\p{Cc}/u.test(value)) throw new BadInputError(`${field} must not contain control characters`, field);
  if (value.length > maxLength) throw new BadInputError(`${field} must be at most ${maxLength} characters`, field);
  return value;
}
