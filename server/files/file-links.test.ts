import { describe, expect, it } from 'vitest';
import { FileLinks } from './file-links.js';

const links = new FileLinks({ publicUrl: 'https://assistance.univ.example.fr', secret: 'x'.repeat(32), ttlSeconds: 900 });
const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);

function partsOf(url: string): { id: number; expires: string; signature: string } {
  const u = new URL(url);
  return { id: Number(u.pathname.split('/').at(-1)), expires: u.searchParams.get('expires')!, signature: u.searchParams.get('signature')! };
}

describe('FileLinks', () => {
  it('should sign a link to /files/<id> that verifies until it expires', () => {
    const url = links.url(42, NOW);
    expect(url).toMatch(/^https:\/\/assistance\.univ\.example\.fr\/files\/42\?expires=\d+&signature=[\w-]+$/);
    const { id, ...signature } = partsOf(url);
    expect(id).toBe(42);
    expect(links.verify(42, signature, NOW)).toBe(true);
    expect(links.verify(42, signature, NOW + 899_000)).toBe(true);
    expect(links.verify(42, signature, NOW + 961_000)).toBe(false);
  });

  it('should give the same link within a minute, so a page does not reload its images', () => {
    expect(links.url(7, NOW + 1_000)).toBe(links.url(7, NOW + 2_000));
  });

  it('should refuse a link for another file, a changed expiry, a changed signature or garbage', () => {
    const { expires, signature } = partsOf(links.url(42, NOW));
    expect(links.verify(43, { expires, signature }, NOW)).toBe(false);
    expect(links.verify(42, { expires: String(Number(expires) + 60), signature }, NOW)).toBe(false);
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(links.verify(42, { expires, signature: flipped }, NOW)).toBe(false);
    for (const bad of [
      { expires: undefined, signature },
      { expires, signature: undefined },
      { expires: ['1'], signature },
      { expires: '1e12', signature },
      { expires, signature: '' },
    ]) {
      expect(links.verify(42, bad, NOW)).toBe(false);
    }
  });

  it('should refuse a link signed with another key', () => {
    const other = new FileLinks({ publicUrl: 'https://assistance.univ.example.fr', secret: 'y'.repeat(32), ttlSeconds: 900 });
    const { expires, signature } = partsOf(other.url(42, NOW));
    expect(links.verify(42, { expires, signature }, NOW)).toBe(false);
  });
});
