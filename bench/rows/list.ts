import type { BenchContext } from '../context.js';
import { hammer, type LoadResult } from '../http-load.js';
import { round, type BenchResult } from '../results.js';

/** R1's GraphQL request: a manager's first page with the columns the list shows (no totalCount). */
export const LIST_QUERY = `{ tickets(first: 25) { edges { node { id number subject status priority lastActivityAt
  owner { displayName } category { path } manager { displayName } } } } }`;

/** The floor's one SQL query: the same 25 rows, the same read rule (policies/ticket.policy.ts), joined, in the same shape. */
export const listFloorSql = `
  select t.id::text as id, t.id as number, t.subject, t.status, t.priority,
    to_char(t.last_activity_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "lastActivityAt",
    json_build_object('displayName', o.display_name) as owner, json_build_object('path', c.path) as category,
    case when m.id is null then null else json_build_object('displayName', m.display_name) end as manager
  from ticket t join department d on d.id = t.department_id join app_user o on o.id = t.owner_id
  join category c on c.id = t.category_id left join app_user m on m.id = t.manager_id
  where (t.owner_id = $1 or t.department_id = any($2::int[])
    or exists (select 1 from invitation i where i.ticket_id = t.id and i.user_id = $1)
    or (not d.confidential and (t.creator_id = $1 or t.visibility <> 'PRIVATE')))
  order by t.last_activity_at desc, t.id desc limit 25`;

interface Page {
  tickets: { edges: { node: { id: string } }[] };
}

/** R1 (throughput against the floor) and R2 (p99 against the floor's), from the same two runs. */
export async function measureList(ctx: BenchContext): Promise<BenchResult[]> {
  const { connections, seconds, warmup } = ctx.settings;
  const uid = ctx.data.people.manager;
  const ours = (await ctx.gql<Page>(uid, LIST_QUERY)).tickets.edges.map((e) => e.node.id);
  const floorPage = (await (await fetch(`${ctx.floor.url}/list`, { method: 'POST' })).json()) as { data: { tickets: { id: string }[] } };
  const sameRows = ours.length === 25 && ours.join() === floorPage.data.tickets.map((t) => t.id).join();
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await ctx.token(uid)}` };
  ctx.log(`R1/R2: tickets(first: 25) as ${uid}, ${connections} connections, ${seconds} s…`);
  const cpu0 = ctx.app.cpuMs();
  const list = await hammer(
    { url: `${ctx.app.url}/graphql`, method: 'POST', headers, body: JSON.stringify({ query: LIST_QUERY }) },
    connections,
    seconds,
    warmup,
  );
  const cpuPerRequest = (ctx.app.cpuMs() - cpu0) / Math.max(1, list.requests);
  ctx.log('R1/R2 floor: the same rows by one prepared statement from a bare http server…');
  const floor = await hammer({ url: `${ctx.floor.url}/list`, method: 'POST', body: '{}' }, connections, seconds, warmup);
  const notes = {
    floor: 'the same 25 rows by one prepared SQL statement (joins) from a bare Node http server with a pg pool, own process',
    same_rows: sameRows,
    connections,
    server_cpu_ms_per_request: round(cpuPerRequest),
    errors: list.errors,
    floor_errors: floor.errors,
  };
  const ratio = round(list.perSecond / floor.perSecond);
  const p99Ratio = round(list.p99_ms / Math.max(0.01, floor.p99_ms));
  return [
    {
      id: 'R1',
      name: 'tickets(first: 25) with owner, category, manager, as a manager',
      ours: round(list.perSecond),
      floor: round(floor.perSecond),
      unit: 'req/s',
      ratio,
      p50_ms: list.p50_ms,
      p99_ms: list.p99_ms,
      target: '>= 0.35 of the floor',
      pass: sameRows && list.errors === 0 && ratio >= 0.35,
      notes: { ...notes, floor_p50_ms: floor.p50_ms, floor_p99_ms: floor.p99_ms },
    },
    {
      id: 'R2',
      name: 'p99 latency of R1 against the floor p99',
      ours: list.p99_ms,
      floor: floor.p99_ms,
      unit: 'ms',
      ratio: p99Ratio,
      p50_ms: list.p50_ms,
      p99_ms: list.p99_ms,
      target: '<= 2 x the floor p99',
      pass: list.errors === 0 && p99Ratio <= 2,
      notes: { ...notes, floor_p50_ms: floor.p50_ms },
    },
  ];
}

/** R6: `{ __typename }` with a valid token against a bare http "hello". */
export async function measureOverhead(ctx: BenchContext): Promise<BenchResult> {
  const { connections, seconds, warmup } = ctx.settings;
  const uid = ctx.data.people.student;
  await ctx.gql(uid, '{ __typename }');
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await ctx.token(uid)}` };
  const body = JSON.stringify({ query: '{ __typename }' });
  ctx.log(`R6: { __typename } with a token, ${connections} connections, ${seconds} s…`);
  const cpu0 = ctx.app.cpuMs();
  const ours: LoadResult = await hammer({ url: `${ctx.app.url}/graphql`, method: 'POST', headers, body }, connections, seconds, warmup);
  const cpuPerRequest = (ctx.app.cpuMs() - cpu0) / Math.max(1, ours.requests);
  const floor = await hammer({ url: `${ctx.floor.url}/hello`, method: 'POST', headers, body }, connections, seconds, warmup);
  const ratio = round(ours.perSecond / floor.perSecond);
  return {
    id: 'R6',
    name: '{ __typename } with a valid token (fixed cost of a request)',
    ours: round(ours.perSecond),
    floor: round(floor.perSecond),
    unit: 'req/s',
    ratio,
    p50_ms: ours.p50_ms,
    p99_ms: ours.p99_ms,
    target: '>= 0.25 of the floor',
    pass: ours.errors === 0 && ratio >= 0.25,
    notes: {
      floor: 'a bare Node http server answering "hello" (same request), own process',
      connections,
      server_cpu_ms_per_request: round(cpuPerRequest),
      errors: ours.errors,
      floor_p50_ms: floor.p50_ms,
      floor_p99_ms: floor.p99_ms,
    },
  };
}
