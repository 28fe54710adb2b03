import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningApp } from '../server/main.js';

/** What one subscription received, as the wire carried it. */
export interface Received<T> {
  /** Every `next` payload's data, in order. */
  data: T[];
  /** Errors of `next` payloads and `error` messages. */
  errors: { message: string; extensions?: Record<string, unknown> }[];
  /** Settles when the server completes or errors the subscription. */
  ended: Promise<void>;
  /** Waits until `count` payloads arrived (fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<T[]>;
  /** Stops the subscription. */
  stop(): void;
}

/** A graphql-transport-ws client of a running app (the protocol's reference client, over `ws`). */
export interface LiveClient {
  client: Client;
  subscribe<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Received<T>;
  /** Settles with the close event when the server closes the connection. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** Opens a client with `connectionParams.authorization` (no token: none sent), as the portlet does. */
export function liveClient(app: Pick<RunningApp, 'url'>, token: string | null, headers: Record<string, string> = {}): LiveClient {
  let onClosed: (event: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const client = createClient({
    url: `${app.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WithHeaders,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: { closed: (event) => onClosed(event as { code: number; reason: string }) },
  });
  return {
    client,
    closed,
    subscribe<T>(query: string, variables: Record<string, unknown> = {}): Received<T> {
      const data: T[] = [];
      const errors: Received<T>['errors'] = [];
      let end: () => void = () => {};
      const ended = new Promise<void>((resolve) => (end = resolve));
      const stop = client.subscribe<T>(
        { query, variables },
        {
          next: (value) => {
            if (value.errors) errors.push(...value.errors);
            if (value.data) data.push(value.data);
          },
          error: (error) => {
            if (Array.isArray(error)) errors.push(...(error as Received<T>['errors']));
            end();
          },
          complete: () => end(),
        },
      );
      return {
        data,
        errors,
        ended,
        stop,
        // Generous: it returns as soon as the payloads are there, and a loaded CI machine may take seconds.
        async waitFor(count, ms = 10_000) {
          const deadline = Date.now() + ms;
          while (data.length < count) {
            if (Date.now() > deadline)
              throw new Error(`expected ${count} payloads, got ${data.length}: ${JSON.stringify({ data, errors })}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          return data;
        },
      };
    },
    dispose: () => Promise.resolve(client.dispose()),
  };
}

/** Waits until `check` holds (polling), e.g. until the server counts the subscriptions a test opened. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets in-flight deliveries arrive before asserting that something did NOT arrive. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How the server ended a bare socket: its close code and reason, or the HTTP status (and Retry-After) refusing the upgrade. */
export interface RawOutcome {
  code?: number;
  reason?: string;
  status?: number;
  retryAfter?: string;
}

/** A bare graphql-transport-ws socket: what it sent, what came back, and how the server ended it. */
export interface RawSocket {
  socket: WebSocket;
  messages: { type: string; id?: string; payload?: unknown }[];
  outcome: Promise<RawOutcome>;
  /** Sends once the socket is open. */
  send(message: object): void;
  /** Settles when the server acknowledged connection_init (fails after `ms`). */
  acked(ms?: number): Promise<void>;
}

/** Opens a bare socket on `path` with these request headers (Origin, X-Forwarded-For…), sending nothing by itself. */
export function rawSocket(app: Pick<RunningApp, 'url'>, headers: Record<string, string> = {}, path = '/graphql'): RawSocket {
  const socket = new WebSocket(`${app.url.replace(/^http/, 'ws')}${path}`, 'graphql-transport-ws', { headers });
  const messages: RawSocket['messages'] = [];
  socket.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString()) as RawSocket['messages'][number]));
  const outcome = new Promise<RawOutcome>((resolve) => {
    socket.on('unexpected-response', (_req, res) => {
      const retryAfter = res.headers['retry-after'];
      resolve(retryAfter === undefined ? { status: res.statusCode } : { status: res.statusCode, retryAfter });
    });
    socket.on('error', () => {});
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  const opened = new Promise((resolve) => socket.once('open', resolve));
  return {
    socket,
    messages,
    outcome,
    send: (message) => void opened.then(() => socket.send(JSON.stringify(message))),
    acked: (ms = 3000) => eventually(() => messages.some((m) => m.type === 'connection_ack'), ms, 'connection_ack'),
  };
}
