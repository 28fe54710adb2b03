import type { RunningApp } from '../server/main.js';
import { closedLoop, type LoadResult } from './load.js';
import { recordQueries } from './query-count.js';
import type { BenchScene } from './scene.js';

/** The department queue as the portlet's list asks for it: one page of 50 with the columns it shows. */
const LIST_QUERY = `query {
  tickets(first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id number subject status priority lastActivityAt owner { displayName } manager { displayName } category { path } } }
  }
}`;

interface ListAnswer {
  data?: { tickets: { edges: unknown[] } };
  errors?: unknown[];
}

/** R2 and its floor, measured at the same concurrency and for the same time. */
export interface TicketListResult {
  list: LoadResult;
  floor: LoadResult;
  /** SQL statements one list request sends (sign-in included), and the first words of each. */
  statements: string[];
}

/** R2: `tickets(first: 50)` over HTTP by a department member; floor: GET /readyz (a `select 1` without GraphQL). */
export async function runTicketList(
  app: RunningApp,
  scene: BenchScene,
  clients: number,
  seconds: number,
  warmupSeconds: number,
): Promise<TicketListResult> {
  const user = scene.manager.user;
  const token = await app.devIssuer!.sign({ uid: user.uid, name: user.displayName });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const body = JSON.stringify({ query: LIST_QUERY });

  const request = async (): Promise<void> => {
    const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body });
    const answer = (await res.json()) as ListAnswer;
    if (answer.errors?.length || answer.data?.tickets.edges.length !== 50)
      throw new Error(`tickets(first: 50) failed: ${JSON.stringify(answer).slice(0, 500)}`);
  };
  const recorded = await recordQueries(request);
  const list = await closedLoop(clients, seconds, request, warmupSeconds);
  const floor = await closedLoop(
    clients,
    seconds,
    async () => {
      const res = await fetch(`${app.url}/readyz`);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`/readyz answered ${res.status}`);
    },
    warmupSeconds,
  );
  return { list, floor, statements: recorded.statements.map((st) => `${st.ms.toFixed(2)} ms  ${st.sql.slice(0, 160)}`) };
}
