/** The longest file name kept, in UTF-8 bytes (what most file systems allow). */
export const MAX_NAME_BYTES = 255;

// C0 and C1 controls, DEL, and the invisible marks that can make "gnp.exe" read as "exe.png".
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A client's file name made safe to show and to put in a Content-Disposition header: no path, no
 * control or direction characters, NFC, single spaces, at most 255 UTF-8 bytes with its extension
 * kept. It is only ever shown: storage paths never derive from it.
 */
export function cleanFileName(raw: string): string {
  const visible = raw.normalize('NFC').replace(INVISIBLE, ' ');
  const base = visible.split(/[\\/]/).at(-1) ?? '';
  // Leading dots would hide the file on some systems; trailing dots and spaces vanish on others.
  const name = base.replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, '');
  return truncate(name || 'fichier', MAX_NAME_BYTES);
}

/** The extension that decides which types a file may be: lower case, without the dot; '' when none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

// Cuts the base, never the extension, on whole code points.
function truncate(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const ext = extensionOf(name);
  const suffix = ext && Buffer.byteLength(ext) <= 16 ? name.slice(name.length - ext.length - 1) : '';
  let budget = maxBytes - Buffer.byteLength(suffix);
  let base = '';
  for (const char of name.slice(0, name.length - suffix.length)) {
    budget -= Buffer.byteLength(char);
    if (budget < 0) break;
    base += char;
  }
  return `${base.trimEnd()}${suffix}`.normalize('NFC');
}
