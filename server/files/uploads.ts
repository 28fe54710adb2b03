import type { MikroORM } from '@mikro-orm/postgresql';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Upload } from 'graphql-upload-minimal';
import type { Logger } from 'pino';
import { IncomingFile } from './incoming-file.js';
import { bearerToken } from '../auth/context.js';
import type { TokenVerifier } from '../auth/tokens.js';
import type { FilesConfig } from '../config.js';
import { BadInputError, httpAnswer, PayloadTooLargeError, UnauthenticatedError, type AppError } from '../errors.js';
import { receiveFile, refusalOf } from './intake.js';
import { multipartRefusal, parseMultipart } from './multipart.js';
import { releasePending } from './pending.js';
import type { FileStore } from './store.js';

/** What the upload intake needs from the running application. */
export interface UploadParts {
  orm: MikroORM;
  store: FileStore;
  verifier: TokenVerifier;
  files: FilesConfig;
  /** The largest `operations` field (the JSON body limit). */
  bodyBytes: number;
  logger: Logger;
}

// Apollo's CSRF prevention: a browser cannot send these headers cross-site without a preflight.
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * The GraphQL multipart request spec on /graphql: checks the CSRF preflight header and the token
 * before reading a byte, then streams each file to the store as it arrives (graphql-upload-minimal
 * with limits) and hands the resolvers an IncomingFile for each `Upload`. When the answer has been
 * sent, or the client is gone, whatever no action claimed is removed.
 */
export function uploadIntake(parts: UploadParts): RequestHandler {
  const { files } = parts;
  // Past this, the request is more than its files and operations can weigh: it is cut off.
  const maxRequestBytes = files.perRequest * (files.maxFileBytes + 64 * 1024) + parts.bodyBytes;
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next();
    } else if (!PREFLIGHT_HEADERS.some((h) => req.headers[h])) {
      answer(res, 400, new BadInputError('A multipart request needs the apollo-require-preflight header (CSRF protection)'));
    } else if (Number(req.headers['content-length'] ?? 0) > maxRequestBytes) {
      answer(res, 413, new PayloadTooLargeError('The request is larger than its files may be'));
    } else {
      receive(req, res, next);
    }
  };

  function receive(req: Request, res: Response, next: NextFunction): void {
    authenticated(parts.verifier, req)
      .then(async (ok) => {
        if (!ok) {
          answer(res, 401, new UnauthenticatedError());
          return;
        }
        // A client gone while its token was checked: the parser would wait for its 'close' forever.
        if (clientGone(req)) return;
        const parse = parseMultipart(req, res, {
          // busboy marks a file cut as soon as it reaches its limit, even one of exactly that size.
          maxFileSize: files.maxFileBytes + 1,
          maxFiles: files.perRequest,
          maxFieldSize: parts.bodyBytes,
        });
        capBytes(req, maxRequestBytes);
        // Operations are always an object or an array: undefined says the request was refused.
        const operations = await parse.operations.catch((error: unknown) => refuse(res, multipartRefusal(error, files)));
        if (operations === undefined) return;
        const uploads = [...new Set(findUploads(operations))];
        // A file the map put where no operation can take it (on a function, say) would never be read,
        // and the body would stall behind it.
        if (uploads.length !== parse.announced()) {
          parse.abandon();
          refuse(res, new BadInputError('The map places files outside the operations', undefined, 400));
          return;
        }
        const reserved: string[] = [];
        const intake = receiveAll(uploads, parts, reserved);
        // Nothing is released while a file is still being written; then what no action claimed goes.
        res.once('close', () => {
          void intake
            .catch(() => undefined)
            .then(() => releasePending(parts.orm.em, parts.store, reserved))
            .catch((err: unknown) => parts.logger.warn({ err }, 'could not release unclaimed uploads (the sweep will)'));
        });
        // The body is read to its end before any resolver runs: one that breaks the parser after the
        // operations (a broken file part, a form cut short) is refused whole, whatever its files became.
        const [received] = await Promise.allSettled([intake, parse.closed]);
        if (clientGone(req)) return;
        const failure = parse.failure();
        if (failure !== undefined) {
          refuse(res, multipartRefusal(failure, files));
          return;
        }
        if (received.status === 'rejected') throw received.reason;
        req.body = replaceUploads(operations, received.value);
        next();
      })
      .catch(next);
  }
}

// The client left before its request was whole: there is no one to answer.
function clientGone(req: Request): boolean {
  return req.destroyed && !req.complete;
}

async function authenticated(verifier: TokenVerifier, req: Request): Promise<boolean> {
  const token = bearerToken(req.headers.authorization);
  if (!token) return false;
  try {
    await verifier.verify(token);
    return true;
  } catch {
    return false;
  }
}

// A body without a Content-Length (chunked) is counted as it comes, and cut off past the cap.
function capBytes(req: Request, max: number): void {
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > max) req.destroy();
  });
}

// Each Upload of the operations, received one at a time in the order its file arrives (small parts
// arrive together, and attachment ids follow the order of the files).
async function receiveAll(uploads: Upload[], parts: UploadParts, reserved: string[]): Promise<Map<Upload, IncomingFile>> {
  const deps = {
    em: parts.orm.em,
    store: parts.store,
    maxFileBytes: parts.files.maxFileBytes,
    ticketMaxBytes: parts.files.ticketMaxBytes,
    onReserved: (key: string) => reserved.push(key),
  };
  let queue: Promise<unknown> = Promise.resolve();
  const settled = await Promise.allSettled(
    uploads.map((upload) =>
      upload.promise.then(
        (file) => {
          const received = queue.then(() => receiveFile(file, deps));
          queue = received.catch(() => undefined);
          return received;
        },
        (error: unknown) => IncomingFile.refused(refusalOf(error, deps.maxFileBytes) ?? new BadInputError('The file did not arrive')),
      ),
    ),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return new Map(uploads.map((upload, i) => [upload, (settled[i] as PromiseFulfilledResult<IncomingFile>).value]));
}

function findUploads(value: unknown): Upload[] {
  if (value instanceof Upload) return [value];
  if (Array.isArray(value)) return value.flatMap(findUploads);
  if (value && typeof value === 'object') return Object.values(value).flatMap(findUploads);
  return [];
}

function replaceUploads(value: unknown, received: Map<Upload, IncomingFile>): unknown {
  if (value instanceof Upload) return received.get(value);
  if (Array.isArray(value)) return value.map((v) => replaceUploads(v, received));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceUploads(v, received)]));
  }
  return value;
}

// A refusal answered, or (null) a client gone, whose connection is dropped.
function refuse(res: Response, refusal: AppError | null): void {
  if (refusal) answer(res, refusal.httpStatus, refusal);
  else res.destroy();
}

/** The JSON error answer of a request refused before GraphQL runs (the same shape as /graphql's), with its status. */
export function answer(res: Response, status: number, error: AppError): void {
  const { headers, body } = httpAnswer(error);
  res.status(status).set(headers).json(body);
}
