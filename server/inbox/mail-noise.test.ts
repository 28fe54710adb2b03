import { describe, expect, it } from 'vitest';
import type { IncomingMail } from './incoming-mail.js';
import { noiseOf } from './mail-noise.js';
import { tokenIn } from './reply-match.js';

function mail(headers: Record<string, string>, extra: Partial<IncomingMail> = {}): IncomingMail {
  return {
    messageId: '<m1@client.example.org>',
    sender: 'jean@univ.example.fr',
    senderName: 'Jean',
    subject: 'Bonjour',
    text: 'Bonjour',
    html: null,
    threads: [],
    recipients: [],
    headers: new Map(Object.entries(headers)),
    contentType: 'text/plain',
    files: [],
    ...extra,
  };
}

const OWN = { messageIdDomain: 'assistance.univ.example.fr', replyAddress: 'assistance@univ.example.fr' };

describe('noiseOf', () => {
  it.each([
    ['auto-submitted', { 'auto-submitted': 'auto-replied' }, {}],
    ['bulk', { precedence: 'junk' }, {}],
    ['bulk', { precedence: 'list' }, {}],
    ['auto-reply', { 'x-autoreply': 'yes' }, {}],
    ['list', { 'list-id': '<etudiants.univ.example.fr>' }, {}],
    ['bounce', { 'return-path': '<>' }, {}],
    ['bounce', {}, { contentType: 'multipart/report' }],
    ['no-sender', {}, { sender: null }],
    ['robot', {}, { sender: 'mailer-daemon@univ.example.fr' }],
    ['loop', { 'x-loop': 'helpdesk@ailleurs.example.org' }, {}],
    ['own', {}, { sender: 'assistance@univ.example.fr' }],
    ['own', {}, { messageId: '<ticket-12.3@assistance.univ.example.fr>' }],
  ] as const)('should set aside as %s', (reason, headers, extra) => {
    expect(noiseOf(mail(headers, extra), OWN)).toBe(reason);
  });

  it('should let a person\'s mail through, Auto-Submitted "no" included', () => {
    expect(noiseOf(mail({ 'auto-submitted': 'no' }), OWN)).toBeNull();
  });
});

describe('tokenIn', () => {
  it('should find the token in the reply address, its case kept, and nowhere else', () => {
    expect(tokenIn('assistance@univ.example.fr', ['jean@univ.example.fr', 'Assistance+AbC-12_x@UNIV.example.fr'])).toBe('AbC-12_x');
    expect(
      tokenIn('assistance@univ.example.fr', ['assistance+t@ailleurs.example.fr', 'autre+t@univ.example.fr', 'assistance@univ.example.fr']),
    ).toBeNull();
  });
});
