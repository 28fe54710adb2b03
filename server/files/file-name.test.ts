import { describe, expect, it } from 'vitest';
import { cleanFileName, extensionOf, MAX_NAME_BYTES } from './file-name.js';

describe('cleanFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system.ini', 'system.ini'],
    ['/var/log/app.log', 'app.log'],
    ['C:\\Users\\alice\\Desktop\\capture.png', 'capture.png'],
    ['a\r\nb.txt', 'a b.txt'],
    ['rapport\u0000final.pdf', 'rapport final.pdf'],
    ['tab\tet\u007fdel.csv', 'tab et del.csv'],
    ['facture\u202egnp.exe', 'facture gnp.exe'],
    ['  .cache.  ', 'cache'],
    ['...', 'fichier'],
    ['', 'fichier'],
    ['Compte rendu réunion.odt', 'Compte rendu réunion.odt'],
  ])('should turn %j into %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });

  it('should write names in NFC, so one name has one spelling', () => {
    const decomposed = 'e\u0301te\u0301.txt';
    expect(cleanFileName(decomposed)).toBe('\u00e9t\u00e9.txt');
  });

  it('should cut a 1,000-character name to 255 bytes, keeping its extension', () => {
    const name = cleanFileName(`${'a'.repeat(1000)}.pdf`);
    expect(Buffer.byteLength(name)).toBe(MAX_NAME_BYTES);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('should cut multibyte names on whole characters', () => {
    const name = cleanFileName(`${'é'.repeat(300)}😀.png`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name).toMatch(/^é+\.png$/);
    expect(name).not.toContain('\ufffd');
  });
});

describe('extensionOf', () => {
  it.each([
    ['photo.JPG', 'jpg'],
    ['archive.tar.gz', 'gz'],
    ['README', ''],
    ['.htaccess', ''],
  ])('should read %j as %j', (name, ext) => {
    expect(extensionOf(name)).toBe(ext);
  });
});
