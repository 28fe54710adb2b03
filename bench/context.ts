import type { BenchData } from './data/generate.js';
import type { Started } from './processes.js';

/** How a run is made (env BENCH_*; --smoke shrinks everything to a ~10 s check). */
export interface Settings {
  smoke: boolean;
  /** Connections of the HTTP load (R1, R2, R6). */
  connections: number;
  /** Clients of the write load and of pgbench (R5). */
  clients: number;
  seconds: number;
  warmup: number;
  /** Requests per query and viewer for R3, and per query for QUEUE. */
  repeats: number;
}

/** What every row's measurement gets: the running server and floor, the data, signed-in GraphQL calls. */
export interface BenchContext {
  app: Started;
  floor: Started;
  data: BenchData;
  settings: Settings;
  log(message: string): void;
  /** A dev token for a uid (cached). */
  token: (uid: string) => Promise<string>;
  /** POSTs a GraphQL request as `uid`; throws on errors, so a wrong answer is never timed as a right one. */
  gql: <T>(uid: string, query: string, variables?: Record<string, unknown>) => Promise<T>;
}

/** The answer GraphQL gave, or an error carrying its first message. */
export async function graphql<T>(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (answer.errors?.length || !answer.data)
    throw new Error(`GraphQL ${res.status}: ${answer.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ')}`);
  return answer.data;
}

/** Signed-in calls to the dev-mode helpdesk at `url`: a dev token per uid, asked once (each process signs with its own key). */
export function devSession(url: string): Pick<BenchContext, 'token' | 'gql'> {
  const tokens = new Map<string, Promise<string>>();
  const token = (uid: string): Promise<string> => {
    let t = tokens.get(uid);
    if (!t) {
      t = fetch(`${url}/auth/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uid }),
      })
        .then((res) => res.json() as Promise<{ token: string }>)
        .then((body) => body.token);
      tokens.set(uid, t);
    }
    return t;
  };
  return { token, gql: async (uid, q, variables) => graphql(url, await token(uid), q, variables) };
}
