import { describe, expect, it } from 'vitest';
import * as S from '../../test/file-samples.js';
import { assertAllowedName, isInlineImage, judgeType } from './file-types.js';

describe('judgeType', () => {
  it.each([
    ['capture.png', S.PNG, 'image/png'],
    ['photo.JPG', S.JPEG, 'image/jpeg'],
    ['photo.jpeg', S.JPEG, 'image/jpeg'],
    ['anim.gif', S.GIF, 'image/gif'],
    ['image.webp', S.WEBP, 'image/webp'],
    ['facture.pdf', S.PDF, 'application/pdf'],
    ['archive.zip', S.ZIP, 'application/zip'],
    ['rapport.docx', S.ooxml('docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['budget.xlsx', S.ooxml('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['cours.pptx', S.ooxml('pptx'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['lettre.odt', S.odf('odt'), 'application/vnd.oasis.opendocument.text'],
    ['tableau.ods', S.odf('ods'), 'application/vnd.oasis.opendocument.spreadsheet'],
    ['diapos.odp', S.odf('odp'), 'application/vnd.oasis.opendocument.presentation'],
    ['a docx sent as a zip.zip', S.ooxml('docx'), 'application/zip'],
    ['notes.txt', S.TEXT, 'text/plain'],
    ['serveur.log', S.TEXT, 'text/plain'],
    ['liste.csv', S.CSV_LATIN1, 'text/csv'],
    ['message.eml', S.EML, 'message/rfc822'],
    ['page.txt', S.HTML, 'text/plain'],
  ])('should accept %s as %s', async (name, bytes, type) => {
    expect(await judgeType(name, bytes)).toBe(type);
  });

  it.each([
    ...S.REFUSED,
    ['a PDF named .png', 'capture.png', S.PDF],
    ['an executable named .txt', 'notes.txt', S.EXE],
    ['a PNG named .pdf', 'facture.pdf', S.PNG],
    ['a PNG named .docx', 'rapport.docx', S.PNG],
    ['a name ending like an object property', 'notes.constructor', S.TEXT],
    ['an empty PNG', 'vide.png', Buffer.alloc(0)],
  ] as [string, string, Buffer][])('should refuse %s with UNSUPPORTED_MEDIA_TYPE', async (_label, name, bytes) => {
    await expect(judgeType(name, bytes)).rejects.toMatchObject({ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });
});

describe('assertAllowedName', () => {
  it('should refuse a name outside the allowlist before any byte is read', () => {
    expect(() => assertAllowedName('setup.exe')).toThrow(/not accepted/);
    expect(() => assertAllowedName('passwd')).toThrow(/not accepted/);
    expect(() => assertAllowedName('capture.PNG')).not.toThrow();
  });
});

describe('isInlineImage', () => {
  it('should show only raster images inline', () => {
    expect(['image/png', 'image/jpeg', 'image/gif', 'image/webp'].every(isInlineImage)).toBe(true);
    expect(['image/svg+xml', 'text/plain', 'application/pdf', 'text/html'].some(isInlineImage)).toBe(false);
  });
});
