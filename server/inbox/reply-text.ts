// What a reply says, without what it quotes: mail clients put the answer first and the history
// below an attribution line ("Le … a écrit :", "On … wrote:", Outlook's "De :" block), and a signature
// after "-- ". Only the answer becomes the comment.

const ATTRIBUTION = /^(le\s.+|on\s.+)$/i;
const WROTE = /(a\s+écrit|wrote|schrieb|escribió)\s*:\s*$/i;
const CUT = [
  /^-{2,}\s*(original message|message d'origine|message transféré|forwarded message)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^(de|from)\s*:\s.+$/i,
  /^-- ?$/,
  /^(envoyé de mon|sent from my)\s.+$/i,
];

/** The reply's own text: quoted lines, the quoted history and the signature trimmed. */
export function trimReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    const trimmed = line.trim();
    if (CUT.some((re) => re.test(trimmed))) break;
    // The attribution may wrap over two lines: "Le lun. 7 déc. 2026 à 10:00, Assistance <…> a" / "écrit :".
    if (WROTE.test(trimmed) || (ATTRIBUTION.test(trimmed) && WROTE.test(`${trimmed} ${lines[i + 1]?.trim() ?? ''}`))) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** Plain text as the rich-text HTML a message is stored as: paragraphs at blank lines, line breaks kept, everything escaped. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
