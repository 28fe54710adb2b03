import { describe, expect, it } from 'vitest';
import { textToHtml, trimReply } from './reply-text.js';

describe('trimReply', () => {
  it.each([
    ['a French attribution over two lines', 'Oui, merci.\n\nLe lun. 7 déc. 2026 à 10:00, Assistance <a@u.fr> a\nécrit :\n> Question ?'],
    ['an English attribution', 'Oui, merci.\nOn Mon, Dec 7, 2026 at 10:00 AM Assistance <a@u.fr> wrote:\n> Question?'],
    ["Outlook's original message", "Oui, merci.\n-----Message d'origine-----\nDe : Assistance\nObjet : Question"],
    ["Outlook's rule and From block", 'Oui, merci.\n________________________________\nFrom: Assistance <a@u.fr>\nSent: Monday'],
    ['a signature', 'Oui, merci.\n-- \nJean Dupont\nBureau 12'],
    ['a phone signature', 'Oui, merci.\n\nEnvoyé de mon iPhone'],
    ['quoted lines anywhere', '> Question ?\nOui, merci.\n> Autre'],
  ])('should keep only the answer above %s', (_, text) => {
    expect(trimReply(text)).toBe('Oui, merci.');
  });

  it('should keep a line that merely starts like an attribution', () => {
    expect(trimReply('Le wifi coupe toujours.\nOn verra demain.')).toBe('Le wifi coupe toujours.\nOn verra demain.');
  });
});

describe('textToHtml', () => {
  it('should escape everything and keep paragraphs and line breaks', () => {
    expect(textToHtml('a <b> & "c"\nd\n\ne')).toBe('<p>a &lt;b&gt; &amp; &quot;c&quot;<br>d</p><p>e</p>');
  });
});
