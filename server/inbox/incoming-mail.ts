import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';

/** One file a mail carries, with the name its sender gave it (judged later by the file store's rules). */
export interface MailFile {
  filename: string;
  content: Buffer;
}

/** A mail as mail in reads it: who sent it, what answers what, its text and files. */
export interface IncomingMail {
  /** The Message-ID with its angle brackets; a hash of the bytes for a mail without one (the same mail, the same id). */
  messageId: string;
  /** The From address, lower-cased; null when there is none that parses. */
  sender: string | null;
  /** The From display name, control characters removed (docs/stack.md, "Traps": mailparser decodes CR/LF). */
  senderName: string;
  subject: string;
  text: string | null;
  html: string | null;
  /** In-Reply-To then References, each a Message-ID with its angle brackets. */
  threads: string[];
  /** Every address the mail was sent to: To, Cc, Delivered-To, X-Original-To (where a reply token travels). */
  recipients: string[];
  /** Header values by lower-case name, as text. */
  headers: ReadonlyMap<string, string>;
  /** The top-level content type (multipart/report says a bounce). */
  contentType: string;
  files: MailFile[];
}

/** Parses a raw mail (mailparser decodes charsets: ISO-8859-1 French arrives as itself). */
export async function parseMail(raw: Buffer): Promise<IncomingMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const headers = new Map<string, string>();
  for (const line of parsed.headerLines) {
    const value = line.line.slice(line.line.indexOf(':') + 1).trim();
    headers.set(line.key, headers.has(line.key) ? `${headers.get(line.key)}, ${value}` : value);
  }
  const from = parsed.from?.value.find((a) => a.address);
  const ids = (value: string | string[] | undefined): string[] =>
    (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map((id) => id.trim()).filter((id) => /^<[^<>\s]+>$/.test(id));
  return {
    messageId: messageIdOf(parsed.messageId, raw),
    sender: from?.address ? from.address.trim().toLowerCase() : null,
    senderName: oneLine(from?.name ?? ''),
    subject: oneLine(parsed.subject ?? ''),
    text: parsed.text?.trim() ? parsed.text : null,
    html: typeof parsed.html === 'string' && parsed.html.trim() ? parsed.html : null,
    threads: [...ids(parsed.inReplyTo), ...ids(parsed.references)],
    recipients: [
      ...addresses(parsed.to),
      ...addresses(parsed.cc),
      ...['delivered-to', 'x-original-to'].flatMap((h) => (headers.get(h) ?? '').split(',').map(bare)),
    ].filter(Boolean),
    headers,
    contentType: (headers.get('content-type') ?? 'text/plain').split(';')[0].trim().toLowerCase(),
    files: parsed.attachments
      .filter((a) => a.contentDisposition === 'attachment' || a.filename || !a.related)
      .map((a, i) => ({ filename: a.filename ?? `piece-jointe-${i + 1}`, content: a.content })),
  };
}

/** The Message-ID of bytes that would not parse, so even those are remembered (and set aside) once. */
export function hashedMessageId(raw: Buffer): string {
  return `<${createHash('sha256').update(raw).digest('hex')}@unparsed.invalid>`;
}

function messageIdOf(id: string | undefined, raw: Buffer): string {
  const value = id?.trim() ?? '';
  return /^<[^<>\s]{1,900}>$/.test(value) ? value : hashedMessageId(raw);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((o) => o.value.flatMap((a) => (a.address ? [a.address.toLowerCase()] : [])));
}

function bare(value: string): string {
  return value.replace(/^.*</, '').replace(/>.*$/, '').trim();
}

// A display name or subject is one line: folded or encoded CR/LF and other control characters become spaces.
function oneLine(value: string): string {
  return value
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
