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
  /** How many files the `map` field announces (0 until it is read). */
  announced(): number;
  /** Stops reading: the rest of the body is dropped (a refusal answered before its end). */
  abandon(): void;
}

/**
 * graphql-upload-minimal's processRequest, made safe: it listens to its busboy parser's 'error' only
 * once, and busboy can emit two (a malformed part header, then "Unexpected end of form" as the parser
 * is destroyed) — the second, unheard, would end the process. processRequest pipes the request into
 * its parser synchronously, so the parser is caught on its way and heard for good.
 */
export function parseMultipart(req: Request, res: Response, options: UploadOptions): MultipartParse {
  let failure: unknown;
  let announced = 0;
  let parser: (NodeJS.WritableStream & { destroy(): void }) | undefined;
  let parserClosed = (): void => undefined;
  const closed = new Promise<void>((resolve) => {
    parserClosed = resolve;
  });
  const pipe = req.pipe.bind(req);
  req.pipe = <T extends NodeJS.WritableStream>(destination: T, opts?: { end?: boolean }): T => {
    // busboy's parser: a Writable.
    parser = destination as unknown as NodeJS.WritableStream & { destroy(): void };
    // The first error reaches processRequest too (which refuses the request); later ones are its echoes.
    parser
      .on('error', (error: unknown) => {
        failure ??= error;
      })
      .on('field', (name: string, value: string) => {
        if (name === 'map') announced = entriesOf(value);
      })
      .once('close', parserClosed);
    return pipe(destination, opts);
  };
  try {
    return {
      operations: processRequest(req, res, options),
      closed,
      failure: () => failure,
      announced: () => announced,
      abandon() {
        if (!parser) return;
        req.unpipe(parser);
        parser.destroy();
        req.resume();
      },
    };
  } finally {
    // Back to the stream's own pipe (the prototype's).
    Reflect.deleteProperty(req, 'pipe');
  }
}

// The number of entries of a `map` field (processRequest refuses one that is not a JSON object).
function entriesOf(map: string): number {
  try {
    const parsed: unknown = JSON.parse(map);
    return parsed && typeof parsed === 'object' ? Object.keys(parsed).length : 0;
  } catch {
    return 0;
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
