import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { BadInputError, PayloadTooLargeError, type AppError } from '../errors.js';

/** What answering a GraphQL request needs besides the request: Apollo and the context of the request. */
export interface GraphQLAnswerParts<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  context: (req: IncomingMessage, res: ServerResponse) => Promise<Context>;
}

/**
 * Runs a parsed request through Apollo and writes its answer (our own small integration: the express
 * one cost more than Apollo itself on a trivial request). `body` is the parsed JSON body (undefined for GET).
 */
export async function answerGraphQL<Context extends BaseContext>(
  parts: GraphQLAnswerParts<Context>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const at = url.indexOf('?');
  const answer = await parts.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: at < 0 ? '' : url.slice(at), body },
    context: () => parts.context(req, res),
  });
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(answer.body.string));
    res.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Whether the lean path takes this request: GET or POST on exactly /graphql, a JSON body in UTF-8
 * and not compressed. Anything else (multipart uploads, compressed or other bodies, other methods or
 * paths under /graphql) goes through express, whose answers stay the reference.
 */
export function isPlainGraphQL(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  if (!(url === '/graphql' || url.startsWith('/graphql?'))) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  if (req.method === 'GET') return req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
  return req.method === 'POST' && isJsonUtf8(req.headers['content-type']);
}

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function isJsonUtf8(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_TYPE.test(contentType);
}

/**
 * Reads a JSON body of at most `limit` bytes as express.json does (strict: an object or an array;
 * empty is `{}`). Too large: PAYLOAD_TOO_LARGE 413; malformed: BAD_USER_INPUT 400. After a refusal,
 * the rest of the body is read and dropped before answering, so the client gets the answer.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let refusal: AppError | undefined = declared > limit ? new PayloadTooLargeError('Request body too large') : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (refusal) return;
      size += chunk.length;
      if (size > limit) refusal = new PayloadTooLargeError('Request body too large');
      else chunks.push(chunk);
    });
    req.on('error', reject);
    // A client gone mid-body: nobody reads the answer, but the request must not wait forever.
    req.on('close', () => req.complete || reject(new BadInputError('The request body was cut short', undefined, 400)));
    req.on('end', () => {
      if (refusal) reject(refusal);
      else {
        try {
          resolve(parseStrictJson(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
        } catch {
          reject(new BadInputError('Malformed JSON body', undefined, 400));
        }
      }
    });
  });
}

// body-parser's strict mode: the first character that is not JSON white space must open an object or an array.
const FIRST_CHAR = /^[ \t\n\r]*(.)/;

function parseStrictJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return {};
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new SyntaxError('not an object or an array');
  return JSON.parse(text) as unknown;
}
