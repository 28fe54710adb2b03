import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { httpLink } from './http-link.js';

/** Where the API is and who asks: a bearer token, the ENT portal's token service, or neither to use the same-site session cookie. */
export interface ClientOptions {
  endpoint: string;
  token?: string | undefined;
  /** uPortal's `/api/v5-1/userinfo` (the `user-info-api-url` attribute): gives the signed-in person's token. */
  userInfo?: string | undefined;
}

/**
 * The ENT portal's token for the signed-in person, fetched with the ENT's cookies and kept until a
 * minute before it expires (then fetched again); undefined when the portal gives none.
 */
function portalToken(url: string): () => Promise<string | undefined> {
  let token: Promise<string | undefined> | undefined;
  let until = 0;
  return () => {
    if (Date.now() > until) {
      until = Infinity;
      // A refusal (no ENT session) has no payload to read: no token, asked again next time.
      token = fetch(url, { credentials: 'include' })
        .then((res) => res.text())
        .then((text) => {
          until = (JSON.parse(atob(text.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number }).exp * 1000 - 60_000;
          return text;
        })
        .catch(() => {
          until = 0;
          return undefined;
        });
    }
    return token!;
  };
}

/** How a client reaches the API, for the requests Apollo does not make (the statistics' CSV file). */
export interface ApiAccess {
  endpoint: string;
  /** The same authorization header as the client's own requests (the token, or the portal's renewed one). */
  headers(): Promise<Record<string, string>>;
  /** Whether the ENT's session cookie goes along (no token given). */
  credentials: boolean;
}

const accesses = new WeakMap<ApolloClient, ApiAccess>();

/** The endpoint and headers a client made here uses; undefined for a client made elsewhere. */
export const accessOf = (client: ApolloClient): ApiAccess | undefined => accesses.get(client);

// Through a variable: bundlers rewrite `new URL(path, import.meta.url)` as an asset reference.
const bundleUrl = import.meta.url;

/** The endpoint when none is given: the origin that served the bundle (docs/api.md, "Defaults that clients rely on"). */
export const defaultEndpoint = (): string => new URL('/graphql', bundleUrl).href;

/**
 * An Apollo client on the helpdesk API: subscriptions over graphql-ws (reconnecting forever), files as
 * multipart requests, everything else as JSON over HTTP. After a network cut it refetches every
 * watched query, so nothing said while it was away is missed.
 */
export function createHelpdeskClient({ endpoint, token, userInfo }: ClientOptions): { client: ApolloClient; dispose(): void } {
  const source = token || !userInfo ? () => Promise.resolve(token) : portalToken(userInfo);
  // Asked at each HTTP request and each WebSocket (re)connection: a renewed token goes out on both.
  const headers = async (): Promise<Record<string, string>> => {
    const value = await source();
    return value ? { authorization: `Bearer ${value}` } : {};
  };
  let connectedBefore = false;
  const refetch = (): void => void client.refetchObservableQueries().catch(() => undefined);
  const ws = createClient({
    url: endpoint.replace(/^http/, 'ws'),
    connectionParams: headers,
    lazy: true,
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: {
      connected: () => {
        if (connectedBefore) refetch();
        connectedBefore = true;
      },
    },
  });
  // Without a token, the ENT's session cookie goes along (CAS mode).
  const link = ApolloLink.split(({ query }) => isSubscriptionOperation(query), new GraphQLWsLink(ws), httpLink(endpoint, headers, !token));
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        // One viewer, read by several queries with different fields (the tabs, "Préférences"): merged, never replaced.
        Viewer: { merge: true },
        Query: {
          fields: {
            // Pages of one list (same filter) follow each other; a new first page replaces them.
            tickets: {
              keyArgs: ['filter'],
              merge(existing: { edges: unknown[] } | undefined, incoming: { edges: unknown[] }, { args }) {
                return args?.after && existing ? { ...incoming, edges: [...existing.edges, ...incoming.edges] } : incoming;
              },
            },
          },
        },
      },
    }),
  });
  accesses.set(client, { endpoint, headers, credentials: !token });
  addEventListener('online', refetch);
  const dispose = (): void => {
    removeEventListener('online', refetch);
    client.stop();
    void ws.dispose();
  };
  return { client, dispose };
}

const clients = new Map<string, { token: string | undefined; client: ApolloClient; dispose(): void }>();

/** One client per endpoint, shared by every element on the page; a new token (another user) gets a fresh one. */
export function clientFor(options: ClientOptions): ApolloClient {
  const known = clients.get(options.endpoint);
  // The portal's token service stands for the token it gives.
  const token = options.token ?? options.userInfo;
  if (known && known.token === token) return known.client;
  known?.dispose();
  const created = createHelpdeskClient(options);
  clients.set(options.endpoint, { token, ...created });
  return created.client;
}
