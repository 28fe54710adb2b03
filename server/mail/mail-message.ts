import { createHash } from 'node:crypto';
import { label } from '../labels/labels.js';
import type { Language } from '../shared/languages.js';
import { TicketEventType } from '../model/ticket.enums.js';
import type { TicketStatus } from '../model/ticket-status.js';

/**
 * One mail, written for one recipient (docs/domain.md, "Notifications"): the subject
 * `[Assistance n°<number>] <what happened> — <ticket subject>`, a plain-text and an HTML body in the
 * recipient's language with the words of the label catalogue (labels/words.ts, kinds `eventType`,
 * `action` and `mail`), and the links to the ticket in the ENT (TICKET_URL_TEMPLATE).
 *
 * Every text that comes from people (subjects, names, file names, messages) is plain text here: made
 * one line where a header or a line of its own takes it (a CR or LF never adds a header or a
 * recipient), and escaped in the HTML.
 */

/** What happened, as far as this recipient may read it. */
export interface MailContent {
  ticketId: number;
  ticketSubject: string;
  status: TicketStatus;
  type: TicketEventType;
  /** Who acted (null: the application). */
  actorName: string | null;
  /** The entry's message as plain text (already judged readable by this recipient), or null. */
  message: string | null;
  /** File names of the entry (readable with it). */
  files: string[];
  /** The new ticket's receipt (to its owner): says the number and that mails will follow. */
  receipt: boolean;
}

/** Where the links go and how replies come back. */
export interface MailLinks {
  ticketUrlTemplate: string;
  /** `helpdesk+<token>@…` for this recipient, or undefined. */
  replyTo: string | undefined;
}

/** A rendered mail, before its addresses. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;
// Other control characters (tabs included) would be as hard to read in a header.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f]/g;

/** One line of plain text: line breaks and control characters become spaces, at most `max` characters. */
export function oneLine(value: string, max = 200): string {
  const flat = value.replace(LINE_BREAKS, ' ').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Text for HTML: the five characters that could open markup or an attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A rich-text message (sanitised HTML, shared/rich-text.ts) as plain text to quote. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The ticket's page in the ENT, with an action to open (`approve`, `refuse`, `answer`) when given. */
export function ticketUrl(template: string, ticketId: number, action?: 'approve' | 'refuse' | 'answer'): string {
  const url = template.replace('{number}', String(ticketId));
  return action ? `${url}${url.includes('?') ? '&' : '?'}action=${action}` : url;
}

/** The mail's words (labels/words.ts, kind `mail`) in `lang`, their `{holes}` filled as plain text. */
export function mailWords(lang: Language): (key: string, holes?: Record<string, string>) => string {
  return (key, holes = {}) => fill(label('mail', key, lang), holes);
}

function fill(words: string, holes: Record<string, string>): string {
  return words.replace(/\{(\w+)\}/g, (whole, name: string) => holes[name] ?? whole);
}

/** The subject line: `[Assistance n°53350] Commentaire — Imprimante en panne`. */
export function mailSubject(content: Pick<MailContent, 'ticketId' | 'ticketSubject' | 'type'>, lang: Language): string {
  const what = label('eventType', content.type, lang);
  return oneLine(
    `[${label('mail', 'product', lang)} ${label('mail', 'numberSign', lang)}${content.ticketId}] ${what} — ${oneLine(content.ticketSubject)}`,
    300,
  );
}

/** Writes the mail for one recipient in their language. */
export function renderMail(content: MailContent, links: MailLinks, lang: Language): RenderedMail {
  const w = mailWords(lang);
  const subject = oneLine(content.ticketSubject);
  const paragraphs: string[] = [];
  if (content.receipt) paragraphs.push(w('receipt', { number: String(content.ticketId) }));
  const what = label('eventType', content.type, lang);
  paragraphs.push(
    w('happened', { number: String(content.ticketId), subject, what: what.toLowerCase() === what ? what : lowerFirst(what, lang) }),
  );
  if (content.actorName) paragraphs.push(w('by', { name: oneLine(content.actorName, 100) }));
  if (content.type === TicketEventType.REMINDED) paragraphs.push(w('reminder'));
  if (content.type === TicketEventType.EXPIRED) paragraphs.push(w('expiredClosure'));
  paragraphs.push(w('status', { status: label('status', content.status, lang) }));

  const actions: { text: string; url: string }[] = [];
  if (content.type === TicketEventType.CLOSURE_REQUESTED) {
    actions.push({ text: label('action', 'APPROVE_CLOSURE', lang), url: ticketUrl(links.ticketUrlTemplate, content.ticketId, 'approve') });
    actions.push({ text: label('action', 'REFUSE_CLOSURE', lang), url: ticketUrl(links.ticketUrlTemplate, content.ticketId, 'refuse') });
  }
  if (content.type === TicketEventType.INFORMATION_REQUESTED || content.type === TicketEventType.REMINDED) {
    actions.push({ text: w('answer'), url: ticketUrl(links.ticketUrlTemplate, content.ticketId, 'answer') });
  }
  actions.push({ text: w('view'), url: ticketUrl(links.ticketUrlTemplate, content.ticketId) });
  const files = content.files.map((name) => oneLine(name, 255));

  const text = [
    w('greeting'),
    '',
    ...paragraphs,
    ...(content.message ? ['', ...content.message.split('\n').map((line) => `> ${line}`)] : []),
    ...(files.length > 0 ? ['', `${w('files')} :`.replace(' :', lang === 'fr' ? ' :' : ':'), ...files.map((name) => `- ${name}`)] : []),
    '',
    ...actions.map((a) => `${a.text} : ${a.url}`.replace(' : ', lang === 'fr' ? ' : ' : ': ')),
    '',
    ...(links.replyTo ? [w('replyHint')] : []),
    '-- ',
    w('footer'),
  ].join('\n');

  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(mailSubject(content, lang))}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<p>${escapeHtml(w('greeting'))}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${content.message ? `<blockquote style="border-left: 3px solid #ccc; margin: 0; padding-left: 1em; white-space: pre-wrap">${escapeHtml(content.message)}</blockquote>` : ''}
${files.length > 0 ? `<p>${escapeHtml(w('files'))}</p><ul>${files.map((name) => `<li>${escapeHtml(name)}</li>`).join('')}</ul>` : ''}
<p>${actions.map((a) => `<a href="${escapeHtml(a.url)}">${escapeHtml(a.text)}</a>`).join(' · ')}</p>
${links.replyTo ? `<p style="color: #555">${escapeHtml(w('replyHint'))}</p>` : ''}
<hr><p style="color: #555; font-size: smaller">${escapeHtml(w('footer'))}</p>
</body></html>`;
  return { subject: mailSubject(content, lang), text, html };
}

/** Why mail in did not file a mail: a `refusal…` key of the catalogue's mail words, with its holes. */
export interface RefusalReason {
  key: string;
  holes?: Record<string, string>;
}

/**
 * Mail in's answer to a mail it did not file. The sender may be nobody we know, so it is written in
 * both languages, French first, each part whole (greeting, the refused mail's subject and why, footer).
 */
export function renderRefusal(refusedSubject: string, reason: RefusalReason): RenderedMail {
  const subject = oneLine(refusedSubject);
  const part = (lang: Language): string[] => {
    const w = mailWords(lang);
    return [w('greeting'), w('notFiled', { subject: subject || '—', reason: w(reason.key, reason.holes) }), w('notFiledFooter')];
  };
  const [fr, en] = [part('fr'), part('en')];
  const paragraphs = (lines: string[]): string => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return {
    // One "Re:" however many the refused mail's subject already has.
    subject: oneLine(`Re: ${subject.replace(/^(re:\s*)+/i, '') || label('mail', 'product', 'fr')}`, 200),
    text: [...fr, '-'.repeat(40), ...en].join('\n\n'),
    html: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(label('mail', 'product', 'fr'))}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
${paragraphs(fr)}
<hr><div lang="en">
${paragraphs(en)}
</div>
</body></html>`,
  };
}

// "Commentaire" reads "commentaire" inside a sentence; English keeps its capital only for proper words.
function lowerFirst(what: string, lang: Language): string {
  return what.charAt(0).toLocaleLowerCase(lang) + what.slice(1);
}

/** A UUID made from a name: the same (event, recipient) always gives the same job and Message-ID. */
export function nameUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  // Shaped as a version-5-like UUID (variant bits set) so PostgreSQL's uuid type takes it.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The Message-ID of the mail about one event to one recipient (the same on every retry). */
export function messageId(eventId: string, recipientKey: string, domain: string): string {
  return `<helpdesk.${eventId}.${createHash('sha256').update(recipientKey).digest('hex').slice(0, 16)}@${domain}>`;
}

/**
 * What one of our Message-IDs names, read back (mail in: a reply's In-Reply-To/References): the ticket of
 * a thread id, the history entry of a mail's own id; null for any other id, or another domain's.
 */
export function readOurMessageId(id: string, domain: string): { ticketId: number } | { eventId: string } | null {
  const match = /^<helpdesk\.(?:ticket\.(\d{1,10})|(\d{1,19})\.[0-9a-f]{16})@([^<>@\s]+)>$/.exec(id.trim());
  if (!match || match[3].toLowerCase() !== domain.toLowerCase()) return null;
  return match[1] ? { ticketId: Number(match[1]) } : { eventId: match[2] };
}

/** The thread of a ticket: every mail about it refers to this id (In-Reply-To and References), so clients group them. */
export function threadId(ticketId: number, domain: string): string {
  return `<helpdesk.ticket.${ticketId}@${domain}>`;
}
