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
