import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { Attachment } from '../model/attachment.entity.js';
import type { FileLinks } from './file-links.js';
import { isInlineImage } from './file-types.js';
import { createRequestContext, type ContextDeps } from '../auth/context.js';
import { AppError, NotFoundError } from '../errors.js';
import { canSeeFile } from '../policies/attachment.policy.js';
import { ticketAccess } from '../policies/ticket-access.js';
import { answer } from './uploads.js';
import type { FileStore } from './store.js';

/** What serving downloads needs: the request context's parts, the store and the link signer. */
export interface DownloadParts {
  context: ContextDeps;
  store: FileStore;
  links: FileLinks;
  logger: Logger;
}

// Nothing in a file may run, frame, fetch or be sniffed into something else, even opened directly.
const FILE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * `GET /files/:id`: an attachment's bytes, for a signed link (`Attachment.url`) or with the bearer
 * token. The same read rule as the file's entry decides, and everything else — a file hidden from
 * the viewer, deleted, missing, a link tampered with or expired — answers the same NOT_FOUND.
 */
export function downloadRouter(parts: DownloadParts): Router {
  const router = express.Router();
  router.get('/:id', (req, res, next) => {
    serve(parts, req, res).catch((error: unknown) => {
      if (error instanceof AppError) answer(res, error.code === 'UNAUTHENTICATED' ? 401 : 404, error);
      else if (res.headersSent) res.destroy();
      else next(error);
    });
  });
  return router;
}

async function serve(parts: DownloadParts, req: Request, res: Response): Promise<void> {
  const id = /^\d{1,10}$/.test(String(req.params.id)) ? Number(req.params.id) : 0;
  const signed = req.query.signature !== undefined || req.query.expires !== undefined;
  const file = signed ? await signedFile(parts, id, req) : await readableFile(parts, id, req, res);
  const body = file ? await parts.store.get(file.storageKey) : null;
  if (!file || !body) throw new NotFoundError('Attachment');
  const inline = isInlineImage(file.contentType);
  res.set({
    ...FILE_HEADERS,
    'Content-Type': file.contentType,
    'Content-Length': String(file.size),
    'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', file.filename),
    // A signed link may be cached for as long as it lives; a bearer download is never stored.
    'Cache-Control': signed
      ? `private, max-age=${Math.max(0, Number(req.query.expires) - Math.floor(Date.now() / 1000))}`
      : 'private, no-store',
  });
  await pipeline(body, res);
}

// A signed link stands for a viewer who was allowed when it was made: only its validity and the file's existence count.
async function signedFile(parts: DownloadParts, id: number, req: Request): Promise<Attachment | null> {
  if (!id || !parts.links.verify(id, { expires: req.query.expires, signature: req.query.signature })) return null;
  return parts.context.orm.em.fork().findOne(Attachment, { id, deletedAt: null });
}

// The bearer's viewer, judged like everywhere else: the ticket read in full, then the file's entry rule.
async function readableFile(parts: DownloadParts, id: number, req: Request, res: Response): Promise<Attachment | null> {
  const requestId = (res.locals.requestId as string | undefined) ?? randomUUID();
  const ctx = await createRequestContext(parts.context, req.headers.authorization, requestId);
  if (!id) return null;
  const file = await ctx.em.findOne(Attachment, { id, deletedAt: null }, { populate: ['ticket'] });
  if (!file) return null;
  const access = await ticketAccess(ctx, file.ticket.getEntity());
  return canSeeFile(ctx.viewer, access, { visibility: file.visibility, uploaderId: file.uploadedBy.id }) ? file : null;
}

/**
 * An RFC 6266 Content-Disposition: an ASCII fallback for old clients, and the exact name in
 * UTF-8 (RFC 8187), so no character of the name can break out of the header.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
