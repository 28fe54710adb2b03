import type { EntityManager } from '@mikro-orm/postgresql';

/** The four lists of a digest, in the order the mail gives them. */
export const DIGEST_LISTS = ['queue', 'waiting', 'expiring', 'returning'] as const;
export type DigestList = (typeof DIGEST_LISTS)[number];

/** At most this many lines per list; the mail says how many more there are. */
export const DIGEST_LIST_LINES = 50;

/** One ticket in one list of one person's digest. */
export interface DigestLine {
  list: DigestList;
  id: number;
  subject: string;
  /** How many tickets the whole list has (more than its lines when cut at DIGEST_LIST_LINES). */
  total: number;
}

/** A person due a digest now, with what it lists (never empty). */
export interface DigestRow {
  userId: number;
  name: string;
  email: string | null;
  locale: string;
  lines: DigestLine[];
}

/** When the pass runs: the local hour and whether it is a weekend (digest.ts), and the horizon "within a day". */
export interface DigestSlot {
  hour: number;
  weekend: boolean;
  /** Closures expiring and postponed tickets coming back before this moment are listed. */
  horizon: Date;
}

/*
 * `due`: each person with at least one membership whose hours hold this hour (on a weekend, only the
 * memberships that chose weekends), and the departments of those memberships: the digest lists only
 * these, so a department they are not a member of — or did not choose at this hour — never appears.
 * Then each list, its lines numbered per person, cut, and gathered per person: one statement for
 * every person due, and a person whose lists are all empty comes out with no row at all.
 */
const DUE_DIGESTS = `with due as (
    select m.user_id, array_agg(m.department_id) as departments from department_member m
    where ?::smallint = any(m.digest_hours) and (m.digest_weekends or not ?::boolean)
    group by m.user_id
  ), lines as (
    select d.user_id, 'queue' as list, t.id, t.subject from due d join ticket t on t.department_id = any(d.departments)
      where t.status = 'FREE'
    union all
    select d.user_id, 'waiting', t.id, t.subject from due d join ticket t on t.manager_id = d.user_id and t.department_id = any(d.departments)
      where t.status = 'IN_PROGRESS'
    union all
    select d.user_id, 'expiring', t.id, t.subject from due d join ticket t on t.manager_id = d.user_id and t.department_id = any(d.departments)
      join department dt on dt.id = t.department_id
      where t.status = 'CLOSED' and t.closure_requested_at + make_interval(days => dt.expire_days) <= ?
    union all
    select d.user_id, 'returning', t.id, t.subject from due d join ticket t on t.manager_id = d.user_id and t.department_id = any(d.departments)
      where t.status = 'POSTPONED' and t.recall_at <= ?
  ), numbered as (
    select l.*, row_number() over (partition by l.user_id, l.list order by l.id) as n,
      count(*) over (partition by l.user_id, l.list)::int as total from lines l
  )
  select u.id as "userId", u.display_name as name, u.email, u.locale,
    json_agg(json_build_object('list', x.list, 'id', x.id, 'subject', x.subject, 'total', x.total) order by x.list, x.id) as lines
  from numbered x join app_user u on u.id = x.user_id
  where x.n <= ?
  group by u.id order by u.id`;

/** Everyone due a digest in this slot, with their lines, in one statement. */
export async function dueDigests(em: EntityManager, slot: DigestSlot): Promise<DigestRow[]> {
  return em.execute<DigestRow[]>(DUE_DIGESTS, [slot.hour, slot.weekend, slot.horizon, slot.horizon, DIGEST_LIST_LINES]);
}
