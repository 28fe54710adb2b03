import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to.js';

const config = { publicUrl: 'https://assistance.univ.example.fr', allowedOrigins: ['https://ent.univ.example.fr'] };

describe('safeReturnTo (no open redirect)', () => {
  it("should keep this server's paths and URLs of PUBLIC_URL and ALLOWED_ORIGINS", () => {
    expect(safeReturnTo('/portlet?ticket=3', config)).toBe('/portlet?ticket=3');
    expect(safeReturnTo('https://ent.univ.example.fr/f/assistance?x=1', config)).toBe('https://ent.univ.example.fr/f/assistance?x=1');
    expect(safeReturnTo('https://assistance.univ.example.fr/', config)).toBe('https://assistance.univ.example.fr/');
  });

  it('should send everything else home', () => {
    const evil = [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '\u0000/evil',
      'javascript:alert(1)',
      'data:text/html,hi',
      'https://ent.univ.example.fr.evil.example/',
      'https://ent.univ.example.fr@evil.example/',
      'https://user:pw@ent.univ.example.fr/',
      'http://ent.univ.example.fr/',
      'evil.example',
      '',
      'x'.repeat(3000),
      42,
      undefined,
      ['/a', '/b'],
    ];
    for (const raw of evil) expect(safeReturnTo(raw, config), JSON.stringify(raw)).toBe(DEFAULT_RETURN_TO);
  });
});
