import { crc32, deflateRawSync } from 'node:zlib';

/*
 * Small but real files of every allowed type, built in memory so the tests need no fixtures on disk:
 * what file-type recognises in a real PNG, PDF or DOCX is exactly what these carry.
 */

/** A 1×1 transparent PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/** The start of a JPEG (JFIF) file. */
export const JPEG = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  Buffer.alloc(64),
  Buffer.from('ffd9', 'hex'),
]);

/** A GIF89a header and an empty image. */
export const GIF = Buffer.concat([
  Buffer.from('GIF89a'),
  Buffer.from('0100010000000021f90401000000002c00000000010001000002024401003b', 'hex'),
]);

/** A lossy WebP header. */
export const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from('1a000000', 'hex'), Buffer.from('WEBPVP8 '), Buffer.alloc(18)]);

/** A tiny PDF. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A ZIP archive of the given entries (deflated, as office suites write them). */
export function zip(entries: [name: string, content: string, stored?: boolean][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content, stored] of entries) {
    const raw = Buffer.from(content);
    const data = stored ? raw : deflateRawSync(raw);
    const fileName = Buffer.from(name);
    const common = (h: Buffer, at: number): void => {
      h.writeUInt16LE(20, at); // version needed
      h.writeUInt16LE(0, at + 2); // flags
      h.writeUInt16LE(stored ? 0 : 8, at + 4); // method
      h.writeUInt32LE(0, at + 6); // time, date
      h.writeUInt32LE(crc32(raw), at + 10);
      h.writeUInt32LE(data.length, at + 14);
      h.writeUInt32LE(raw.length, at + 18);
      h.writeUInt16LE(fileName.length, at + 22);
      h.writeUInt16LE(0, at + 24); // extra
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    common(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = (main: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/x" ContentType="${main}.main+xml"/></Types>`;

/** An Office Open XML document (docx, xlsx, pptx) as Word, Excel and PowerPoint lay them out. */
export function ooxml(kind: 'docx' | 'xlsx' | 'pptx'): Buffer {
  const { main, part } = {
    docx: { main: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', part: 'word/document.xml' },
    xlsx: { main: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', part: 'xl/workbook.xml' },
    pptx: { main: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', part: 'ppt/presentation.xml' },
  }[kind];
  return zip([
    ['[Content_Types].xml', contentTypes(main)],
    ['_rels/.rels', '<Relationships/>'],
    [part, '<document/>'],
  ]);
}

/** An OpenDocument file (odt, ods, odp): its `mimetype` entry first and stored, as the standard asks. */
export function odf(kind: 'odt' | 'ods' | 'odp'): Buffer {
  const mime = { odt: 'text', ods: 'spreadsheet', odp: 'presentation' }[kind];
  return zip([
    ['mimetype', `application/vnd.oasis.opendocument.${mime}`, true],
    ['content.xml', '<office:document-content/>'],
  ]);
}

/** A plain ZIP archive. */
export const ZIP = zip([['notes.txt', 'bonjour']]);

/** Text files as people send them: a log, a CSV with Latin-1 accents, an email. */
export const TEXT = Buffer.from('2026-11-30 10:00:01 ERROR impossible de se connecter\n2026-11-30 10:00:02 retry\n');
export const CSV_LATIN1 = Buffer.from('nom;prénom\nDurand;Hélène\n', 'latin1');
export const EML = Buffer.from('From: alice@univ.example.fr\r\nTo: support@univ.example.fr\r\nSubject: Panne\r\n\r\nBonjour,\r\n');

/** A shell script: text that lies when named .png. */
export const SCRIPT = Buffer.from('#!/bin/sh\nrm -rf / --no-preserve-root\n');

/** A Windows executable header. */
export const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from('80000000', 'hex'),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
]);

/** An SVG image: scriptable, so never allowed. */
export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

/** An HTML page. */
export const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

/** Files whose bytes and name disagree, or whose type is refused: [what, name, bytes]. */
export const REFUSED: [string, string, Buffer][] = [
  ['a script named .png', 'script.png', SCRIPT],
  ['an executable named .pdf', 'facture.pdf', EXE],
  ['an executable', 'setup.exe', EXE],
  ['an SVG image', 'logo.svg', SVG],
  ['an HTML page', 'page.html', HTML],
  ['a name without extension', 'passwd', TEXT],
];
