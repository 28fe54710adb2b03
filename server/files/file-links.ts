import { createHmac, timingSafeEqual } from 'node:crypto';

/** What signing download links needs: where the server is reached, the key, how long a link lives. */
export interface FileLinkOptions {
  publicUrl: string;
  secret: string;
  ttlSeconds: number;
}

/** A signed link's two query parameters. */
export interface LinkSignature {
  expires: unknown;
  signature: unknown;
}

/**
 * Download links for attachments (`Attachment.url`): `/files/<id>` plus an expiry and an HMAC of
 * both, so a plain link or an `<img>` works in a browser without the bearer token, for a short time.
 * Whoever holds a link may download until it expires: links are only handed to viewers allowed to
 * see the file.
 */
export class FileLinks {
  constructor(private readonly options: FileLinkOptions) {}

  /** The path a message's `<img>` points at (the rich-text allowlist keeps only these). */
  static path(id: number): string {
    return `/files/${id}`;
  }

  /** A signed absolute URL, valid for the configured lifetime; rounded up to the minute so one page's links repeat (browser cache). */
  url(id: number, now = Date.now()): string {
    const expires = Math.ceil((now / 1000 + this.options.ttlSeconds) / 60) * 60;
    return `${this.options.publicUrl}${FileLinks.path(id)}?expires=${expires}&signature=${this.sign(id, expires)}`;
  }

  /** Whether a link's signature is ours and not expired; anything malformed is simply not valid. */
  verify(id: number, { expires, signature }: LinkSignature, now = Date.now()): boolean {
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return false;
    const at = Number(expires);
    // A link from the future beyond its lifetime was not made by this configuration.
    if (at * 1000 < now || at * 1000 > now + (this.options.ttlSeconds + 60) * 1000) return false;
    const expected = Buffer.from(this.sign(id, at));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(id: number, expires: number): string {
    return createHmac('sha256', this.options.secret).update(`file:${id}:${expires}`).digest('base64url');
  }
}
