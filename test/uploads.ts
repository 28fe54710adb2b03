import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { GqlResult, TestApp } from './harness.js';

/** One file of a multipart request, with the name the client claims (raw: it may hold anything). */
export interface UploadFile {
  /** Where the file goes in the operation, e.g. "variables.files.0". */
  path: string;
  name: string;
  bytes: Buffer | string;
  /** The client's claim, which the server must ignore. */
  type?: string;
  /** Send the name as RFC 5987 `filename*` (UTF-8, percent-encoded): how control characters can reach a server. */
  extendedName?: boolean;
}

/** Everything a multipart GraphQL request may carry; the defaults make a well-formed one. */
export interface UploadRequest {
  query: string;
  variables?: Record<string, unknown>;
  files: UploadFile[];
  /** Send Apollo's CSRF preflight header (default true). */
  preflight?: boolean;
}

/** A GraphQL multipart request body (GraphQL multipart request spec), built by hand so tests control every byte. */
export function multipartBody(request: UploadRequest): { body: Buffer; contentType: string } {
  const boundary = `----helpdesk${randomBytes(8).toString('hex')}`;
  const map = Object.fromEntries(request.files.map((f, i) => [String(i), [f.path]]));
  const chunks: Buffer[] = [];
  const field = (name: string, value: string): void => {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  };
  field('operations', JSON.stringify({ query: request.query, variables: request.variables ?? {} }));
  field('map', JSON.stringify(map));
  request.files.forEach((file, i) => {
    const name = file.extendedName ? `filename*=UTF-8''${encodeURIComponent(file.name)}` : `filename="${file.name}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${i}"; ${name}\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.bytes) ? file.bytes : Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    );
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sends a multipart GraphQL request as `uid` (anonymously with null) and reads the JSON answer. */
export async function gqlUpload<T = Record<string, unknown>>(
  app: TestApp,
  uid: string | null,
  request: UploadRequest,
): Promise<GqlResult<T>> {
  const { body, contentType } = multipartBody(request);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (request.preflight !== false) headers['apollo-require-preflight'] = 'true';
  if (uid) headers.authorization = `Bearer ${await app.token(uid)}`;
  const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: new Uint8Array(body) });
  const text = await res.text();
  return { status: res.status, ...(JSON.parse(text) as object) };
}

/**
 * Sends the first `sentBytes` of a multipart request, then drops the connection, as a browser tab
 * closed midway does; resolves once the socket is closed.
 */
export async function cutUpload(app: TestApp, uid: string, request: UploadRequest, sentBytes: number): Promise<void> {
  const { body, contentType } = multipartBody(request);
  const token = await app.token(uid);
  await new Promise<void>((resolve) => {
    const req = http.request(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'content-length': String(body.length),
        'apollo-require-preflight': 'true',
        authorization: `Bearer ${token}`,
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(body.subarray(0, sentBytes), () => setTimeout(() => req.destroy(), 20));
  });
}

/** The files of a ticket as the download route sees them: an attachment's URL fetched with or without a token. */
export async function download(app: TestApp, url: string, uid?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (uid) headers.authorization = `Bearer ${await app.token(uid)}`;
  return fetch(url.replace(/^https?:\/\/[^/]+/, app.url), { headers });
}
