/*
 * The element tables of rich-text.ts: which elements messages keep, which blocks fold into a plain
 * <div>, which are dropped with their content, and which separate text (so removing them must not
 * glue the words on either side).
 */

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const TABLE = ['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'];

/** What a message may hold (docs/api.md, "Texts"); <div> is the neutral block others fold into. */
export const KEPT_TAGS: ReadonlySet<string> = new Set([
  ...['p', 'div', 'br', 'b', 'strong', 'i', 'em', 'u', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'img'],
  ...HEADINGS,
  ...TABLE,
]);

// Blocks we do not keep as such: editors and mail clients write lines and sections with them.
const TO_DIV = [
  ...['address', 'article', 'aside', 'center', 'details', 'dialog', 'dd', 'dl', 'dt', 'fieldset', 'figcaption', 'figure'],
  ...['footer', 'form', 'header', 'hgroup', 'legend', 'main', 'menu', 'nav', 'section', 'summary', 'search', 'listing'],
];

/** Block-level elements: `toDiv` become a <div>; `all` (with the kept blocks and line breaks) separate text. */
export const BLOCK_TAGS = {
  toDiv: new Set(TO_DIV) as ReadonlySet<string>,
  all: new Set([...TO_DIV, 'p', 'div', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'pre', ...HEADINGS, ...TABLE]) as ReadonlySet<string>,
};

/** Embedded things and controls: removed (except our own images), they still separate the text around them. */
export const REPLACED_TAGS: ReadonlySet<string> = new Set([
  ...['img', 'iframe', 'object', 'embed', 'video', 'audio', 'canvas', 'svg', 'math', 'picture'],
  ...['input', 'select', 'textarea', 'frameset', 'frame'],
]);

/** Removed together with everything inside: code, styles, hidden or embedded content, form values. */
export const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set([
  ...['script', 'style', 'template', 'noscript', 'noembed', 'noframes', 'head', 'title'],
  ...['iframe', 'object', 'embed', 'video', 'audio', 'canvas', 'svg', 'math', 'frameset'],
  ...['textarea', 'select', 'option', 'datalist', 'xmp'],
]);

/** Elements without a closing tag: their (implied) close is not a second boundary. */
export const VOID_TAGS: ReadonlySet<string> = new Set([
  ...['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'frame'],
]);

/** A table cell's colspan/rowspan: a small positive number. */
export const CELL_SPAN = /^[1-9]\d{0,2}$/;
