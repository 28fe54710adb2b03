import type { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { processRequest, type UploadOptions } from 'graphql-upload-minimal';
import { BadInputError, PayloadTooLargeError, type AppError } from '../errors.js';

/** A multipart request being read: its operations once `operations` and `map` are in, and how its parser failed, if it did. */
export interface MultipartParse {
  operations: Promise<unknown>;
  /** Settles once the parser is done with the body (read to its end, or given up on). */
  closed: Promise<void>;
  /** The parser's first error (a broken part header, a form cut short, a client gone), even one that came after the operations. */
  failure(): unknown;
}

/**
 * graphql-upload-minimal's processRequest, made safe: it listens to its busboy parser's 'error' only
 * once, and busboy can emit two (a malformed part header, then "Unexpected end of form" as the parser
 * is destroyed) — the second, unheard, would end the process. processRequest pipes the request into
 * its parser synchronously, so the parser is caught on its way and heard for good.
 */
export function parseMultipart(req: Request, res: Response, options: UploadOptions): MultipartParse {
  let failure: unknown;
  let parserClosed = (): void => undefined;
  const closed = new Promise<void>((resolve) => {
    parserClosed = resolve;
  });
  const pipe = req.pipe.bind(req);
  req.pipe = <T extends NodeJS.WritableStream>(destination: T, opts?: { end?: boolean }): T => {
    // The first error reaches processRequest too (which refuses the request); later ones are its echoes.
    (destination as unknown as EventEmitter)
      .on('error', (error: unknown) => {
        failure ??= error;
      })
      .once('close', parserClosed);
    return pipe(destination, opts);
  };
  try {
    return { operations: processRequest(req, res, options), closed, failure: () => failure };
  } finally {
    // Back to the stream's own pipe (the prototype's).
    Reflect.deleteProperty(req, 'pipe');
  }
}

/**
 * The answer to a multipart body that could not be read, or null when the client is gone (nobody to
 * answer). Every failure of the parser is the body's: over a limit 413, anything else 400 — even what
 * graphql-upload-minimal calls a 500 (a form with no part, which it blames on another middleware).
 */
export function multipartRefusal(error: unknown, limits: { perRequest: number; maxFileBytes: number }): AppError | null {
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 499) return null;
  if (status === 413) return new PayloadTooLargeError(`At most ${limits.perRequest} files a request, of ${limits.maxFileBytes} bytes each`);
  return new BadInputError('Malformed multipart request', undefined, 400);
}
