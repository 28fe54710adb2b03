import type { Language } from '../shared/languages.js';
import { DIGEST_LISTS, type DigestLine, type DigestList } from './digest.rows.js';
import { escapeHtml, mailWords, oneLine, ticketUrl, type RenderedMail } from './mail-message.js';

/** Each list's heading in the words of the catalogue (labels/words.ts, kind `mail`). */
const HEADINGS: Record<DigestList, string> = {
  queue: 'digestQueue',
  waiting: 'digestWaiting',
  expiring: 'digestExpiring',
  returning: 'digestReturning',
};

/**
 * The daily digest of one person, in their language: the subject `[Assistance] Rapport quotidien : 7
 * ticket(s)`, then each non-empty list under its heading, one line per ticket (its number, subject
 * and link in the ENT), and how many more a list cut short has. Subjects are people's text: one line
 * each, escaped in the HTML, as in every mail (mail-message.ts).
 */
export function renderDigest(lines: readonly DigestLine[], ticketUrlTemplate: string, lang: Language): RenderedMail {
  const w = mailWords(lang);
  const colon = lang === 'fr' ? ' :' : ':';
  const lists = DIGEST_LISTS.map((list) => ({ list, lines: lines.filter((l) => l.list === list) }))
    .filter((l) => l.lines.length > 0)
    .map(({ list, lines: items }) => ({
      total: items[0].total,
      heading: `${w(HEADINGS[list])} (${items[0].total})`,
      items: items.map((l) => ({
        number: `${w('numberSign')}${l.id}`,
        subject: oneLine(l.subject),
        url: ticketUrl(ticketUrlTemplate, l.id),
      })),
      more: items[0].total > items.length ? w('digestMore', { count: String(items[0].total - items.length) }) : null,
    }));
  const count = lists.reduce((sum, l) => sum + l.total, 0);
  const subject = oneLine(`[${w('product')}] ${w('digestSubject', { count: String(count) })}`, 300);

  const text = [
    w('greeting'),
    '',
    w('digestIntro'),
    ...lists.flatMap((l) => [
      '',
      `${l.heading}${colon}`,
      ...l.items.map((i) => `- ${i.number} ${i.subject} : ${i.url}`.replace(' : ', `${colon} `)),
      ...(l.more ? [l.more] : []),
    ]),
    '',
    '-- ',
    w('digestFooter'),
  ].join('\n');

  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<p>${escapeHtml(w('greeting'))}</p>
<p>${escapeHtml(w('digestIntro'))}</p>
${lists
  .map(
    (l) => `<h2 style="font-size: 1.05em">${escapeHtml(l.heading)}</h2>
<ul>${l.items.map((i) => `<li><a href="${escapeHtml(i.url)}">${escapeHtml(i.number)}</a> ${escapeHtml(i.subject)}</li>`).join('')}</ul>
${l.more ? `<p>${escapeHtml(l.more)}</p>` : ''}`,
  )
  .join('\n')}
<hr><p style="color: #555; font-size: smaller">${escapeHtml(w('digestFooter'))}</p>
</body></html>`;
  return { subject, text, html };
}
