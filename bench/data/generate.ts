import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { migrate, openOrm } from '../../server/db/orm.js';
import { query, withDatabase } from '../database.js';
import { OLD_SCRIPTS, RECENT_SCRIPTS, scriptRows, STALE_OPEN_SCRIPTS } from './scripts.js';
import * as V from './vocabulary.js';

/** Bumped whenever what is generated changes, so an older data set is regenerated rather than reused. */
const GENERATOR_VERSION = 2;
/** Staff per department (the first one is its supervisor). */
export const MEMBERS_PER_DEPARTMENT = 20;
const TICKETS_PER_BATCH = 100_000;

/** What to generate. */
export interface DataOptions {
  tickets: number;
  seed: number;
  /** Database name; default `bench_data_<size>` (e.g. bench_data_1m). */
  database?: string;
  log?: (message: string) => void;
}

/** A generated (or reused) data set, and who is in it. */
export interface BenchData {
  url: string;
  database: string;
  tickets: number;
  seed: number;
  reused: boolean;
  seconds: number;
  sizes: Record<string, string>;
  /** uids to sign in as: a department's supervisor and manager, a student with tickets, an admin. */
  people: { supervisor: string; manager: string; student: string; admin: string };
  /** The department the manager and supervisor work in (DNUM, the busiest). */
  departmentId: number;
}

/** `bench_data_1m`, `bench_data_2k`, `bench_data_1500`. */
export function defaultDatabaseName(tickets: number): string {
  const size = tickets % 1_000_000 === 0 ? `${tickets / 1_000_000}m` : tickets % 1000 === 0 ? `${tickets / 1000}k` : String(tickets);
  return `bench_data_${size}`;
}

/** Users in a data set of `tickets` tickets: staff, one admin, and students (one per 40 tickets, at least 200). */
function studentCount(tickets: number): number {
  return Math.max(200, Math.ceil(tickets / 40));
}
const staffCount = (): number => V.DEPARTMENTS.length * MEMBERS_PER_DEPARTMENT;

/** Creates the data set's database next to `adminUrl` and fills it, or reuses it when already filled with the same seed and size. */
export async function ensureBenchData(adminUrl: string, options: DataOptions): Promise<BenchData> {
  const log = options.log ?? (() => {});
  const database = options.database ?? defaultDatabaseName(options.tickets);
  const url = withDatabase(adminUrl, database);
  const started = performance.now();
  const existing = await readMeta(adminUrl, url, database);
  const reused =
    existing !== undefined &&
    existing.seed === options.seed &&
    existing.tickets === options.tickets &&
    existing.version === GENERATOR_VERSION;
  if (!reused) {
    log(`bench:data: generating ${options.tickets} tickets (seed ${options.seed}) into ${database}…`);
    await query(adminUrl, `drop database if exists "${database}" with (force)`);
    await query(adminUrl, `create database "${database}"`);
    const orm = await openOrm(url);
    try {
      await migrate(orm);
    } finally {
      await orm.close();
    }
    await fillBenchData(url, options, log);
  }
  const seconds = existing && reused ? existing.seconds : Math.round((performance.now() - started) / 100) / 10;
  return {
    url,
    database,
    tickets: options.tickets,
    seed: options.seed,
    reused,
    seconds,
    sizes: await sizes(url),
    people: { supervisor: 'gest.dnum.1', manager: 'gest.dnum.2', student: 'etu000001', admin: 'bench.admin' },
    departmentId: 1,
  };
}

async function readMeta(
  adminUrl: string,
  url: string,
  database: string,
): Promise<{ seed: number; tickets: number; version: number; seconds: number } | undefined> {
  const found = await query(adminUrl, 'select 1 from pg_database where datname = $1', [database]);
  if (found.length === 0) return undefined;
  try {
    const rows = await query<{ seed: number; tickets: number; version: number; seconds: string }>(url, 'select * from bench_meta');
    return rows[0] && { ...rows[0], seconds: Number(rows[0].seconds) };
  } catch {
    return undefined; // No bench_meta: an interrupted generation.
  }
}

/** Disk used by the main tables and the whole database. */
async function sizes(url: string): Promise<Record<string, string>> {
  const rows = await query<{ name: string; size: string }>(
    url,
    `select relname as name, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
     where relname in ('ticket', 'ticket_event', 'ticket_search', 'app_user') and relkind = 'r'
     union all select 'database', pg_size_pretty(pg_database_size(current_database()))`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.size]));
}

/** Fills an empty, migrated database with `options.tickets` generated tickets and everything they refer to. */
export async function fillBenchData(url: string, options: DataOptions, log: (message: string) => void = () => {}): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  const step = async (label: string, sql: string, params: unknown[] = []): Promise<void> => {
    const t0 = performance.now();
    await (params.length ? client.query(sql, params) : client.query(sql));
    log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const started = performance.now();
  try {
    await client.query(`set synchronous_commit = off; set maintenance_work_mem = '512MB'; set work_mem = '64MB'`);
    const deferred = await setAside(client);
    await step('vocabulary and helpers', helpersSql(options.seed));
    await loadVocabulary(client);
    await step('departments, categories, people', peopleSql(options.tickets));
    for (let from = 1; from <= options.tickets; from += TICKETS_PER_BATCH) {
      const to = Math.min(options.tickets, from + TICKETS_PER_BATCH - 1);
      await step(`tickets ${from}–${to}`, ticketsSql(options.tickets, from, to));
      await step(`history of tickets ${from}–${to}`, eventsSql(options.tickets, from, to));
    }
    await step('invitations', invitationsSql(options.tickets));
    await step('indexes and constraints back', deferred.restore.join(';\n'));
    for (let from = 1; from <= options.tickets; from += TICKETS_PER_BATCH) {
      const to = Math.min(options.tickets, from + TICKETS_PER_BATCH - 1);
      // The subject's words as the migration's trigger writes them (each entry's are its generated column).
      await step(
        `search words of subjects ${from}–${to}`,
        `insert into ticket_search (ticket_id, document) select id, app_search_text(subject) from ticket where id between $1 and $2`,
        [from, to],
      );
    }
    await step('search index and triggers back', deferred.afterSearch.join(';\n'));
    await step('sequences', sequencesSql());
    await step('vacuum analyze', 'vacuum analyze');
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    await client.query(
      `create table bench_meta as select ${Math.trunc(options.seed)} as seed, ${options.tickets} as tickets, ${GENERATOR_VERSION} as version,
         now() as generated_at, ${seconds}::numeric as seconds`,
    );
  } finally {
    await client.end();
  }
}

/**
 * Drops the secondary indexes and foreign keys of the big tables and turns their triggers off (a bulk
 * load builds an index once instead of row by row), returning what puts them back, read from the catalog.
 */
async function setAside(client: pg.Client): Promise<{ restore: string[]; afterSearch: string[] }> {
  const tables = ['ticket', 'ticket_event', 'ticket_search', 'invitation'];
  const indexes = await client.query<{ name: string; def: string; tbl: string }>(
    `select i.indexname as name, i.indexdef as def, i.tablename as tbl from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [tables],
  );
  const fks = await client.query<{ tbl: string; name: string; def: string }>(
    `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def from pg_constraint
     where contype = 'f' and (conrelid::regclass::text = any($1) or confrelid::regclass::text = any($1))`,
    [tables],
  );
  for (const i of indexes.rows) await client.query(`drop index "${i.name}"`);
  for (const f of fks.rows) await client.query(`alter table ${f.tbl} drop constraint "${f.name}"`);
  for (const t of ['ticket', 'ticket_event']) await client.query(`alter table ${t} disable trigger user`);
  const searchIndexes = indexes.rows.filter((i) => i.tbl === 'ticket_search');
  return {
    restore: [
      ...indexes.rows.filter((i) => i.tbl !== 'ticket_search').map((i) => i.def),
      ...fks.rows.filter((f) => f.tbl !== 'ticket_search').map((f) => `alter table ${f.tbl} add constraint "${f.name}" ${f.def}`),
    ],
    afterSearch: [
      ...searchIndexes.map((i) => i.def),
      ...fks.rows.filter((f) => f.tbl === 'ticket_search').map((f) => `alter table ${f.tbl} add constraint "${f.name}" ${f.def}`),
      ...['ticket', 'ticket_event'].map((t) => `alter table ${t} enable trigger user`),
    ],
  };
}

/** A deterministic pseudo-random number in [0, 2^31) for ticket g and a salt, and a pick from an array. */
function helpersSql(seed: number): string {
  const s = Math.trunc(seed);
  return `
    create table bench_words (kind text primary key, items text[] not null);
    create table bench_script (script int, step int, type text, actor text, kind text, status_before text, status_after text,
      primary key (script, step));
    create function bench_h(g bigint, salt int) returns bigint language sql immutable parallel safe
      as $$ select hashint8extended(g, ${s}::bigint * 1000 + salt) & 2147483647 $$;
    create function bench_pick(items anyarray, g bigint, salt int) returns anyelement language sql immutable parallel safe
      as $$ select items[1 + bench_h(g, salt) % array_length(items, 1)] $$;
    create function bench_name(id int, first text[], last text[]) returns text language sql immutable parallel safe
      as $$ select first[1 + id % array_length(first, 1)] || ' ' || last[1 + (id / array_length(first, 1)) % array_length(last, 1)] $$`;
}

async function loadVocabulary(client: pg.Client): Promise<void> {
  const words: Record<string, readonly string[]> = {
    first: V.FIRST_NAMES,
    last: V.LAST_NAMES,
    subjects: V.SUBJECTS,
    greetings: V.GREETINGS,
    description: V.DESCRIPTIONS,
    details: V.DETAILS,
    rare: V.RARE,
    reply: V.STAFF_REPLIES,
    note: V.INTERNAL_NOTES,
    question: V.QUESTIONS,
    answer: V.ANSWERS,
    ucomment: V.USER_COMMENTS,
    resolution: V.RESOLUTIONS,
    refusal: V.REFUSALS,
    dispute: V.USER_DISPUTES,
    cancel: V.CANCELLATIONS,
  };
  for (const [kind, items] of Object.entries(words)) await client.query('insert into bench_words values ($1, $2)', [kind, items]);
  for (const row of scriptRows()) await client.query('insert into bench_script values ($1, $2, $3, $4, $5, $6, $7)', row);
}

/** Departments (ids 1–12), five top categories each with four sub-categories, staff, one admin, students. */
function peopleSql(tickets: number): string {
  const deps = V.DEPARTMENTS.map(
    ([code, label, confidential], i) => `(${i + 1}, '${code}', '${label.replace(/'/g, "''")}', ${confidential})`,
  );
  const tops = V.CATEGORIES.flatMap((labels, d) => labels.map((label, r) => `(${d + 1}, ${r}, '${label.replace(/'/g, "''")}')`));
  const subs = V.SUBCATEGORIES.map((label, c) => `(${c + 1}, '${label}')`);
  const staff = staffCount();
  return `
    create temporary view names as
      select (select items from bench_words where kind = 'first') as first, (select items from bench_words where kind = 'last') as last;
    insert into department (id, code, label, confidential) values ${deps.join(', ')};
    -- Category ids: (d - 1) * 25 + r * 5 + 1 for a top category, + 1…4 for its sub-categories.
    insert into category (id, department_id, parent_id, label, path, position)
      select (t.d - 1) * 25 + t.r * 5 + 1, t.d, null, t.label, dep.code || ' - ' || t.label, t.r
      from (values ${tops.join(', ')}) t(d, r, label) join department dep on dep.id = t.d;
    insert into category (id, department_id, parent_id, label, path, position)
      select p.id + s.c, p.department_id, p.id, s.label, p.path || ' - ' || s.label, s.c
      from category p cross join (values ${subs.join(', ')}) s(c, label) where p.parent_id is null;
    insert into app_user (id, uid, display_name, email, created_at)
      select g, 'gest.' || lower(dep.code) || '.' || ((g - 1) % ${MEMBERS_PER_DEPARTMENT} + 1), bench_name(g, n.first, n.last),
             'gest.' || lower(dep.code) || '.' || ((g - 1) % ${MEMBERS_PER_DEPARTMENT} + 1) || '@univ-bench.fr', '2023-09-01'
      from generate_series(1, ${staff}) g join department dep on dep.id = (g - 1) / ${MEMBERS_PER_DEPARTMENT} + 1 cross join names n;
    insert into department_member (id, department_id, user_id, role)
      select g, (g - 1) / ${MEMBERS_PER_DEPARTMENT} + 1, g, case when (g - 1) % ${MEMBERS_PER_DEPARTMENT} = 0 then 'SUPERVISOR' else 'MANAGER' end
      from generate_series(1, ${staff}) g;
    insert into app_user (id, uid, display_name, email, is_admin, created_at)
      values (${staff + 1}, 'bench.admin', 'Administration Bench', 'bench.admin@univ-bench.fr', true, '2023-09-01');
    insert into app_user (id, uid, display_name, email, created_at)
      select ${staff + 1} + g, 'etu' || lpad(g::text, 6, '0'), bench_name(g + 7, n.first, n.last), 'etu' || lpad(g::text, 6, '0') || '@etu.univ-bench.fr', '2023-09-01'
      from generate_series(1, ${studentCount(tickets)}) g cross join names n;
    drop view names`;
}

/**
 * Every attribute of ticket g, drawn from g alone (so tickets and their history agree without a join):
 * department (DNUM busiest), leaf category, owner (some students file many), manager, script, dates.
 */
function ticketAttributesSql(tickets: number, from: number, to: number): string {
  const staff = staffCount();
  const students = studentCount(tickets);
  return `
    with w as (select (select items from bench_words where kind = 'subjects') as subjects)
    select g, d, (d - 1) * 25 + (k / 4) * 5 + 2 + k % 4 as category_id,
      ${staff + 1} + 1 + floor(${students} * power(bench_h(g, 3)::float8 / 2147483648, 1.6))::int as owner_id,
      (d - 1) * ${MEMBERS_PER_DEPARTMENT} + 1 + bench_h(g, 5) % ${MEMBERS_PER_DEPARTMENT} as staff_id,
      case when g > ${tickets} * 0.95 then bench_pick('{${RECENT_SCRIPTS.join(',')}}'::int[], g, 6)
           when bench_h(g, 7) % 100 < 2 then bench_pick('{${STALE_OPEN_SCRIPTS.join(',')}}'::int[], g, 6)
           else bench_pick('{${OLD_SCRIPTS.join(',')}}'::int[], g, 6) end as script,
      case when bench_h(g, 8) % 100 < 6 then ${staff + 2} + bench_h(g, 9) % ${students} end as invitee_id,
      bench_pick(w.subjects, g, 10) as subject,
      timestamptz '2023-11-01 08:00+00' + (g::float8 / ${tickets}) * interval '1095 days' as created_at
    from generate_series(${from}, ${to}) g cross join w,
      lateral (select bench_pick('{1,1,1,1,1,2,2,2,3,3,4,4,5,5,6,6,7,8,9,10,10,11,12}'::int[], g, 1) as d, bench_h(g, 2) % 20 as k) dk`;
}

function ticketsSql(tickets: number, from: number, to: number): string {
  return `
    insert into ticket (id, subject, status, priority, visibility, origin, owner_id, creator_id, manager_id, category_id, department_id,
                        created_at, updated_at, last_activity_at, recall_at, closure_requested_at, ended_at, spent_minutes, version)
    select a.g, a.subject, last.status_after,
      bench_pick('{1,2,2,3,3,3,3,3,4,4,5}'::int[], a.g, 11),
      case when bench_h(a.g, 12) % 100 < 90 then 'PRIVATE' when bench_h(a.g, 12) % 100 < 97 then 'PUBLIC' else 'SUBJECT_ONLY' end,
      bench_pick('{WEB,WEB,WEB,WEB,WEB,WEB,WEB,WEB,EMAIL,EMAIL,PHONE,API,OTHER}'::text[], a.g, 13),
      a.owner_id, case when bench_h(a.g, 14) % 20 = 0 then a.staff_id else a.owner_id end,
      case when taken.yes then a.staff_id end, a.category_id, a.d,
      a.created_at, a.created_at + (last.step - 1) * interval '5 hours', a.created_at + (last.step - 1) * interval '5 hours',
      case when last.status_after = 'POSTPONED' then a.created_at + (last.step + 60) * interval '5 hours' end,
      case when last.status_after = 'CLOSED' then a.created_at + (last.step - 1) * interval '5 hours' end,
      case when last.status_after in ('APPROVED', 'CANCELLED', 'REFUSED', 'EXPIRED') then a.created_at + (last.step - 1) * interval '5 hours' end,
      case when taken.yes then 5 * (bench_h(a.g, 15) % 12) else 0 end, last.step
    from (${ticketAttributesSql(tickets, from, to)}) a
    cross join lateral (select s.step, s.status_after from bench_script s where s.script = a.script order by s.step desc limit 1) last
    cross join lateral (select exists (select 1 from bench_script s where s.script = a.script and s.type = 'TAKEN') as yes) taken`;
}

/** The history of each ticket: its script's entries, with messages drawn from the sentences of their kind. */
function eventsSql(tickets: number, from: number, to: number): string {
  const message = `
    case s.kind when 'description' then
      '<p>' || bench_pick(w.greetings, a.g, 20) || ' ' || bench_pick(w.description, a.g, 21) ||
      case when bench_h(a.g, 22) % 100 < 12 then ' ' || replace(replace(bench_pick(w.details, a.g, 23), '{rare}', 'la ' || bench_pick(w.rare, a.g, 24)),
        '{inventory}', 'INV-' || lpad((bench_h(a.g, 25) % 100000)::text, 5, '0')) else '' end ||
      '</p><p>Cordialement,<br>' || bench_name(a.owner_id, w.first, w.last) || '</p>'
    when 'reply' then '<p>' || bench_pick(w.reply, a.g * 16 + s.step, 26) || '</p>'
    when 'note' then '<p>' || bench_pick(w.note, a.g * 16 + s.step, 27) || '</p>'
    when 'question' then '<p>' || bench_pick(w.question, a.g * 16 + s.step, 28) || '</p>'
    when 'answer' then '<p>' || bench_pick(w.answer, a.g * 16 + s.step, 29) || '</p>'
    when 'ucomment' then '<p>' || bench_pick(w.ucomment, a.g * 16 + s.step, 30) || '</p>'
    when 'resolution' then '<p>' || bench_pick(w.resolution, a.g * 16 + s.step, 31) || '</p>'
    when 'refusal' then '<p>' || bench_pick(w.refusal, a.g * 16 + s.step, 32) || '</p>'
    when 'dispute' then '<p>' || bench_pick(w.dispute, a.g * 16 + s.step, 33) || '</p>'
    when 'cancel' then '<p>' || bench_pick(w.cancel, a.g * 16 + s.step, 34) || '</p>'
    end`;
  // Entry visibility: the description is for everyone (as createTicket writes it), notes for staff, the rest mixed.
  const visibility = `
    case when s.type = 'CREATED' then 'EVERYONE' when s.kind = 'note' then 'STAFF'
      when s.kind = 'reply' then bench_pick('{PARTICIPANTS,PARTICIPANTS,PARTICIPANTS,PARTICIPANTS,PARTICIPANTS,EVERYONE,OWNER,INVITEES}'::text[], a.g * 16 + s.step, 35)
      when s.kind = 'ucomment' then bench_pick('{PARTICIPANTS,PARTICIPANTS,PARTICIPANTS,EVERYONE,OWNER}'::text[], a.g * 16 + s.step, 36)
      else 'PARTICIPANTS' end`;
  const words = [
    'first',
    'last',
    'greetings',
    'description',
    'details',
    'rare',
    'reply',
    'note',
    'question',
    'answer',
    'ucomment',
    'resolution',
    'refusal',
    'dispute',
    'cancel',
  ];
  return `
    insert into ticket_event (ticket_id, type, at, actor_id, status_before, status_after, message, visibility, changes, silent)
    select a.g, s.type, a.created_at + (s.step - 1) * interval '5 hours',
      case s.actor when 'O' then a.owner_id when 'M' then a.staff_id when 'I' then coalesce(a.invitee_id, a.owner_id) end,
      s.status_before, s.status_after, ${message}, ${visibility}, '[]', false
    from (${ticketAttributesSql(tickets, from, to)}) a
    join bench_script s on s.script = a.script
    cross join (select ${words.map((k) => `(select items from bench_words where kind = '${k}') as ${k}`).join(', ')}) w
    order by a.g, s.step`;
}

function invitationsSql(tickets: number): string {
  return `
    insert into invitation (ticket_id, user_id, invited_by_id, created_at)
    select a.g, a.invitee_id, a.owner_id, a.created_at + interval '1 hour'
    from (${ticketAttributesSql(tickets, 1, tickets)}) a where a.invitee_id is not null and a.invitee_id <> a.owner_id`;
}

function sequencesSql(): string {
  return ['department', 'category', 'app_user', 'department_member', 'ticket', 'ticket_event', 'invitation']
    .map((t) => `select setval(pg_get_serial_sequence('${t}', 'id'), greatest(1, (select max(id) from ${t})))`)
    .join(';\n');
}
