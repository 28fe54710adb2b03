import { describe, expect, it } from 'vitest';
import { openPassword, sealPassword } from './mailbox-secret.js';

const SECRET = 'a-mailbox-secret-of-at-least-32-characters!';

describe('mailbox passwords', () => {
  it('should seal differently each time and open back to the password', () => {
    const a = sealPassword(SECRET, 'pässwörd');
    expect(a).not.toBe(sealPassword(SECRET, 'pässwörd'));
    expect(a).not.toContain('pässwörd');
    expect(openPassword(SECRET, a)).toBe('pässwörd');
  });

  it('should refuse another secret and an altered value', () => {
    const sealed = sealPassword(SECRET, 'secret');
    expect(() => openPassword(`${SECRET}x`, sealed)).toThrow();
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => openPassword(SECRET, altered)).toThrow();
  });
});
