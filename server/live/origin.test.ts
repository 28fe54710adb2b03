import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.js';
import { compareEventIds, decodeMessage, encodeMessage } from './live-message.js';

const PUBLIC_URL = 'https://assistance.univ.example.fr';
const ALLOWED = ['https://ent.univ.example.fr', 'http://localhost:5173/'];

describe('originAllowed (the WebSocket upgrade)', () => {
  const cases: [string | undefined, boolean][] = [
    [undefined, true], // no Origin header: not a browser
    ['https://assistance.univ.example.fr', true],
    ['https://ent.univ.example.fr', true],
    ['http://localhost:5173', true],
    ['https://evil.example', false],
    ['http://assistance.univ.example.fr', false], // another scheme is another origin
    ['https://assistance.univ.example.fr:8443', false],
    ['https://ent.univ.example.fr.evil.example', false],
    ['null', false],
    ['', false],
    ['chrome-extension://abcdef', false],
  ];
  for (const [origin, expected] of cases) {
    it(`should ${expected ? 'accept' : 'refuse'} ${JSON.stringify(origin)}`, () => {
      expect(originAllowed(origin, PUBLIC_URL, ALLOWED)).toBe(expected);
    });
  }
});

describe('bus messages', () => {
  it('should carry ids only, and read back what was written', () => {
    const raw = encodeMessage({ ticketId: 42, eventId: '9007199254740993' });
    expect(raw).toBe('{"ticketId":42,"eventId":"9007199254740993"}');
    expect(decodeMessage(raw)).toEqual({ ticketId: 42, eventId: '9007199254740993' });
  });

  it('should ignore anything else another program may put on the channel', () => {
    for (const raw of [
      '',
      'x',
      'null',
      '[]',
      '{"ticketId":"1","eventId":"2"}',
      '{"ticketId":1,"eventId":2}',
      '{"ticketId":-1,"eventId":"2"}',
      '{"ticketId":1,"eventId":"01"}',
      '{"ticketId":1.5,"eventId":"2"}',
    ]) {
      expect(decodeMessage(raw), raw).toBeUndefined();
    }
  });

  it('should order entry ids beyond 2^53 exactly', () => {
    expect(compareEventIds('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareEventIds('10', '9')).toBe(1);
    expect(compareEventIds('7', '7')).toBe(0);
  });
});
