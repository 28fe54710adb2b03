import { fileTypeFromBuffer } from 'file-type';
import { UnsupportedMediaTypeError } from '../errors.js';
import { extensionOf } from './file-name.js';

/** How many first bytes the type is judged on (a ZIP's first entries, an image's header). */
export const HEAD_BYTES = 64 * 1024;

interface Kind {
  /** What the file is served as; never the client's claim. */
  contentType: string;
  /** What file-type must find in the bytes; absent: text, which has no signature. */
  signatures?: readonly string[];
}

const OFFICE_ZIP = ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'];
const OPEN_XML = 'application/vnd.openxmlformats-officedocument';
const OPEN_DOCUMENT = 'application/vnd.oasis.opendocument';

// The allowlist (issue #9). Office files are ZIP containers: when their first entry is not the one
// that names the document kind, file-type only sees a ZIP, which is what the container is.
const KINDS: Partial<Record<string, Kind>> = {
  pdf: { contentType: 'application/pdf', signatures: ['pdf'] },
  png: { contentType: 'image/png', signatures: ['png', 'apng'] },
  jpg: { contentType: 'image/jpeg', signatures: ['jpg'] },
  jpeg: { contentType: 'image/jpeg', signatures: ['jpg'] },
  gif: { contentType: 'image/gif', signatures: ['gif'] },
  webp: { contentType: 'image/webp', signatures: ['webp'] },
  txt: { contentType: 'text/plain' },
  log: { contentType: 'text/plain' },
  csv: { contentType: 'text/csv' },
  eml: { contentType: 'message/rfc822' },
  odt: { contentType: `${OPEN_DOCUMENT}.text`, signatures: ['odt', 'zip'] },
  ods: { contentType: `${OPEN_DOCUMENT}.spreadsheet`, signatures: ['ods', 'zip'] },
  odp: { contentType: `${OPEN_DOCUMENT}.presentation`, signatures: ['odp', 'zip'] },
  docx: { contentType: `${OPEN_XML}.wordprocessingml.document`, signatures: ['docx', 'zip'] },
  xlsx: { contentType: `${OPEN_XML}.spreadsheetml.sheet`, signatures: ['xlsx', 'zip'] },
  pptx: { contentType: `${OPEN_XML}.presentationml.presentation`, signatures: ['pptx', 'zip'] },
  zip: { contentType: 'application/zip', signatures: ['zip', ...OFFICE_ZIP] },
};

/** The extensions accepted, for messages and the README. */
export const ALLOWED_EXTENSIONS: readonly string[] = Object.keys(KINDS);

/** Whether the file name's extension is on the allowlist (checked before any byte is read). */
export function assertAllowedName(name: string): void {
  if (!kindOf(name)) throw refused();
}

/**
 * The content type of a file, from its name's extension and its first bytes, which must agree:
 * a PNG must carry PNG bytes, a text file no binary. The client's claimed mimetype is never asked.
 */
export async function judgeType(name: string, head: Buffer): Promise<string> {
  const kind = kindOf(name);
  if (!kind) throw refused();
  const found = await fileTypeFromBuffer(head.subarray(0, HEAD_BYTES));
  const agrees = kind.signatures ? found !== undefined && kind.signatures.includes(found.ext) : found === undefined && looksLikeText(head);
  if (!agrees) throw refused();
  return kind.contentType;
}

// Own keys only: a name ending in ".constructor" must not find Object's.
function kindOf(name: string): Kind | undefined {
  const ext = extensionOf(name);
  return Object.hasOwn(KINDS, ext) ? KINDS[ext] : undefined;
}

// Text of any 8-bit encoding (UTF-8, Latin-1…): no NUL and no control character but tab, line breaks, form feed and escape.
function looksLikeText(head: Buffer): boolean {
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

function refused(): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(`This type of file is not accepted (allowed: ${ALLOWED_EXTENSIONS.join(', ')})`, {
    field: 'attachments',
  });
}

/** Images a browser may show inline (in messages); every other type is only ever downloaded. */
export function isInlineImage(contentType: string): boolean {
  return ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(contentType);
}
