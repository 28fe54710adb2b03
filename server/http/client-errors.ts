import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { BadInputError, httpAnswer, PayloadTooLargeError, type AppError } from '../errors.js';

/** How long a refused client may go on sending (and so read our answer) before its connection is closed. */
const LINGER_MS = 1000;

/**
 * Requests Node refuses before Express sees them — headers over MAX_HEADER_BYTES (Node's own answer is
 * an empty 431), malformed HTTP, a client too slow to send its request — answer JSON in our error shape.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, body } = httpAnswer(errorFor(error.code));
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
    // Closing with unread input would reset the connection and lose the answer: read and drop it for a moment.
    socket.on('data', () => {});
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

function errorFor(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new PayloadTooLargeError('Request headers too large', 431);
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new BadInputError('The request was not received in time', undefined, 408);
  return new BadInputError('Malformed HTTP request', undefined, 400);
}
