import type { EntityManager } from '@mikro-orm/postgresql';
import { OPEN_STATUSES } from '../model/ticket-status.js';

export interface CountByRow {
  key: string;
  label: string;
  count: number;
}

export interface PercentilesRow {
  median: number | null;
  p90: number | null;
  count: number;
}

/** A person who filed tickets for themselves (the owner), and how many in the period. */
export interface RequesterCountRow {
  uid: string;
  name: string;
  count: number;
}

/** How many requesters `busiestRequesters` names. */
export const BUSIEST_REQUESTERS = 10;

export interface TicketStatisticsRow {
  created: number;
  byCategory: CountByRow[];
  byOrigin: CountByRow[];
  byStatus: CountByRow[];
  busiestRequesters: RequesterCountRow[];
  firstResponseMinutes: PercentilesRow;
  resolutionMinutes: PercentilesRow;
  spentMinutes: number;
  reopened: number;
  backlog: { day: string; open: number }[];
}

const ENDED = `('APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED')`;
const OPEN = `'{${OPEN_STATUSES.join(',')}}'::text[]`;

/**
 * An entry that moved its ticket between open and not open (filed, closure asked or refused, ended,
 * reopened): word for word the predicate of the partial index `ticket_event_openness_index`
 * (migration Statistics), so PostgreSQL reads these entries, a third of the history, from it alone.
 */
const OPENNESS_CHANGE = `(e.status_before = any(${OPEN})) is distinct from (e.status_after = any(${OPEN}))`;

/**
 * The statement of ticketStatistics for a department (all: null) and the tickets created in [from, to):
 * - first response: the first entry after creation by someone other than the owner (staff's answer);
 * - resolution: the first entry that ended the ticket (approved, cancelled, refused, expired);
 * - busiest requesters: the owners of the most tickets created in the period (ties by first seen);
 * - reopened: tickets of the department reopened within the period;
 * - backlog: for each day of the period, tickets created by its end whose status then (their last entry
 *   by then) was open. Counted backwards from today's open tickets: every entry since `from` that moved
 *   a ticket between open and not open, summed per day — the history's chain (each entry's status
 *   before is the previous one's after, and the ticket's status the last one's after: docs/domain.md,
 *   "Ticket") makes that equal to reading each ticket's last entry at the end of each day, at the cost
 *   of one index range instead of days × tickets probes.
 * The entries are read from two covering indexes (migration Statistics), the tickets from a third.
 */
export function statisticsStatement(department: number | null, from: Date, to: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return '?';
  };
  const inDepartment = (alias: string): string => (department === null ? 'true' : `${alias}.department_id = ${p(department)}::int`);
  // Entries of every department need no ticket to be read; a department's are joined to its tickets.
  const entriesOfDepartment = (): string => (department === null ? '' : `join ticket t on t.id = e.ticket_id and ${inDepartment('t')}`);
  const sql = `with sel as (
       select t.id, t.owner_id, t.category_id, t.origin, t.status, t.spent_minutes, t.created_at from ticket t
       -- Every department: each one's range of the (department_id, created_at) index rather than the whole table.
       where t.created_at >= ${p(from)} and t.created_at < ${p(to)}
         and ${department === null ? 't.department_id = any(array(select id from department))' : inDepartment('t')}
     ), firsts as (
       select s.id,
         extract(epoch from min(e.at) filter (where e.type <> 'CREATED' and e.actor_id is not null and e.actor_id <> s.owner_id)
           - s.created_at) / 60 as response,
         extract(epoch from min(e.at) filter (where e.status_after in ${ENDED}) - s.created_at) / 60 as resolution
       from ticket s join ticket_event e on e.ticket_id = s.id
       where s.created_at >= ${p(from)} and s.created_at < ${p(to)} and ${inDepartment('s')}
         -- Ids grow with time: both sides start at the period's first ticket instead of the first ever.
         and s.id >= (select min(id) from sel) and e.ticket_id >= (select min(id) from sel)
       group by s.id, s.owner_id, s.created_at
     ), changes as materialized (
       select e.ticket_id, e.type, e.at, case when e.status_after = any(${OPEN}) then 1 else -1 end as delta
       from ticket_event e ${entriesOfDepartment()} where e.at >= ${p(from)} and ${OPENNESS_CHANGE}
     ), moves as materialized (
       select date_trunc('day', at at time zone 'UTC') as day, sum(delta)::int as delta from changes group by 1
     ), open_now as (
       select count(*)::int as n from ticket t where t.status = any(${OPEN}) and ${inDepartment('t')}
     )
     select json_build_object(
       'created', (select count(*) from sel),
       'byCategory', coalesce((select json_agg(json_build_object('key', c.id::text, 'label', c.label, 'count', n) order by n desc, c.label)
          from (select category_id, count(*)::int as n from sel group by category_id) g join category c on c.id = g.category_id), '[]'),
       'byOrigin', coalesce((select json_agg(json_build_object('key', origin, 'label', origin, 'count', n) order by n desc, origin)
          from (select origin, count(*)::int as n from sel group by origin) g), '[]'),
       'byStatus', coalesce((select json_agg(json_build_object('key', status, 'label', status, 'count', n) order by n desc, status)
          from (select status, count(*)::int as n from sel group by status) g), '[]'),
       'busiestRequesters', coalesce((select json_agg(json_build_object('uid', u.uid, 'name', u.display_name, 'count', n) order by n desc, g.owner_id)
          from (select owner_id, count(*)::int as n from sel group by owner_id order by n desc, owner_id limit ${BUSIEST_REQUESTERS}) g
          join app_user u on u.id = g.owner_id), '[]'),
       'firstResponseMinutes', (select json_build_object('median', percentile_cont(0.5) within group (order by response),
          'p90', percentile_cont(0.9) within group (order by response), 'count', count(response)) from firsts),
       'resolutionMinutes', (select json_build_object('median', percentile_cont(0.5) within group (order by resolution),
          'p90', percentile_cont(0.9) within group (order by resolution), 'count', count(resolution)) from firsts),
       'spentMinutes', (select coalesce(sum(spent_minutes), 0) from sel),
       -- A reopening moves its ticket from ended to open: it is one of the changes.
       'reopened', (select count(distinct ticket_id) from changes where type = 'REOPENED' and at < ${p(to)}),
       'backlog', coalesce((select json_agg(json_build_object('day', to_char(g.day, 'YYYY-MM-DD'),
            'open', (select n from open_now) - coalesce((select sum(m.delta) from moves m where m.day > g.day), 0)) order by g.day)
          from generate_series(date_trunc('day', ${p(from)}::timestamptz at time zone 'UTC'),
            ${p(to)}::timestamptz at time zone 'UTC' - interval '1 microsecond', interval '1 day') g(day)), '[]')
     ) as s`;
  return { sql, params };
}

/**
 * The figures, in one statement. Without JIT: its estimated cost always passes PostgreSQL's threshold,
 * and compiling it took longer (4 s of 9 at a million tickets) than running it.
 */
export async function readStatistics(em: EntityManager, department: number | null, from: Date, to: Date): Promise<TicketStatisticsRow> {
  const { sql, params } = statisticsStatement(department, from, to);
  return em.transactional(async (tem) => {
    await tem.execute('set local jit = off');
    const rows = await tem.execute<{ s: TicketStatisticsRow }[]>(sql, params);
    return rows[0].s;
  });
}
