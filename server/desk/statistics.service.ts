import type { RequestContext } from '../auth/context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { OPEN_STATUSES } from '../model/ticket-status.js';
import { assertMayReadStatistics } from '../policies/statistics.policy.js';
import { parseId } from '../shared/ids.js';

/** The longest period asked at once: five years (leap days included). */
const MAX_PERIOD_MS = (5 * 365 + 2) * 24 * 3600 * 1000;

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

/**
 * A department's figures (all departments: null) for the tickets created in [from, to), computed in
 * one SQL statement over the tickets and their history (no second store):
 * - first response: the first entry after creation by someone other than the owner (staff's answer);
 * - resolution: the first entry that ended the ticket (approved, cancelled, refused, expired);
 * - busiest requesters: the owners of the most tickets created in the period (ties by first seen);
 * - reopened: tickets of the department reopened within the period;
 * - backlog: for each day of the period, tickets created by its end whose status then (their last entry
 *   by then) was open.
 */
export async function ticketStatistics(
  ctx: RequestContext,
  departmentId: string | null | undefined,
  from: Date,
  to: Date,
): Promise<TicketStatisticsRow> {
  const department = departmentId == null ? null : parseId('Department', departmentId);
  assertMayReadStatistics(ctx.viewer, department);
  if (!(to.getTime() > from.getTime())) throw new BadInputError('to must be after from', 'to');
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS) throw new BadInputError('The period must be at most 5 years', 'to');
  if (department !== null) {
    const known = await ctx.em.execute<{ id: number }[]>('select id from department where id = ?', [department]);
    if (!known.length) throw new NotFoundError('Department');
  }
  const open = `{${OPEN_STATUSES.join(',')}}`;
  const inDepartment = '(?::int is null or t.department_id = ?::int)';
  const rows = await ctx.em.execute<{ s: TicketStatisticsRow }[]>(
    `with sel as (
       select t.* from ticket t where ${inDepartment} and t.created_at >= ? and t.created_at < ?
     ), firsts as (
       select s.id,
         extract(epoch from (select min(e.at) from ticket_event e where e.ticket_id = s.id and e.type <> 'CREATED'
           and e.actor_id is not null and e.actor_id <> s.owner_id) - s.created_at) / 60 as response,
         extract(epoch from (select min(e.at) from ticket_event e where e.ticket_id = s.id and e.status_after in ${ENDED}) - s.created_at) / 60 as resolution
       from sel s
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
       'reopened', (select count(distinct e.ticket_id) from ticket_event e join ticket t on t.id = e.ticket_id
          where e.type = 'REOPENED' and ${inDepartment} and e.at >= ? and e.at < ?),
       'backlog', coalesce((select json_agg(json_build_object('day', to_char(day, 'YYYY-MM-DD'), 'open', (
          select count(*) from ticket t where ${inDepartment} and t.created_at < (day + interval '1 day') at time zone 'UTC'
            and (select e.status_after from ticket_event e where e.ticket_id = t.id and e.at < (day + interval '1 day') at time zone 'UTC'
                 order by e.at desc, e.id desc limit 1) = any(?::text[]))) order by day)
          from generate_series(date_trunc('day', ?::timestamptz at time zone 'UTC'), ?::timestamptz at time zone 'UTC' - interval '1 microsecond', interval '1 day') day), '[]')
     ) as s`,
    [department, department, from, to, department, department, from, to, department, department, open, from, to],
  );
  return rows[0].s;
}
