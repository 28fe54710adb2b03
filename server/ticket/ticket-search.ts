import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { asSql, toSql, type Sql } from '../policies/clause.js';
import { AUTHOR, entryReadingCases, type EntryReading } from '../policies/read-rules.js';
import { runPrepared } from '../db/prepared.js';

/** The text-search configuration of migration 2: French stemming, accents ignored. */
export const SEARCH_CONFIG = 'app_french';

/** Longest search text used (the rest is ignored). */
const MAX_SEARCH_LENGTH = 500;

/**
 * A search whose words the index statistics put in at most this many parts (subjects and entries)
 * takes its candidates from the GIN indexes, all of them, and sorts them; a commoner one walks the
 * list in its order and judges each ticket until the page is full (a page of "bonjour", in half the
 * tickets, is found among its first 50). Either way every readable match is reachable.
 */
export const CANDIDATE_LIMIT = 20_000;

/** The limit in force (tests of a small table lower it to walk as a large one does). */
export const searchTuning = { candidateLimit: CANDIDATE_LIMIT };

/** How the search finds its tickets: the GIN indexes' candidates, or a walk of the list in its order. */
export type SearchWay = 'candidates' | 'walk';

/**
 * A search turned into a condition over `t` (and `d`): exact, never a window. `sql` is `restrict`
 * (the candidates, cheap; none when walking) and `judged` (the words on the readable parts).
 */
export interface SearchSql extends Sql {
  way: SearchWay | 'none';
  restrict: Sql | null;
  judged: Sql;
}

const QUERY = `websearch_to_tsquery('${SEARCH_CONFIG}', ?)`;

/**
 * A condition over `t` matching the search words in the subject and the entries the viewer may read
 * (French full-text search, accent-insensitive), the ticket judged as one document — its subject
 * and its readable entries joined at query time — so that "a b" and "a -b" hold across its parts;
 * an internal note never makes a ticket match for a viewer who may not read it.
 *
 * The words are stored per part (migration SearchEntries): `ticket_search` the subject's,
 * `ticket_event.search` each entry's. A ticket can match without any one part holding every word,
 * so the candidates come from the indexable query's most selective necessary words (candidateQuery):
 * every ticket that matches has a part holding them. `way` forces one way (tests of both).
 */
export async function ticketSearchSql(em: EntityManager, viewer: Viewer, text: string, way?: SearchWay): Promise<SearchSql> {
  const words = text.slice(0, MAX_SEARCH_LENGTH);
  const [parsed] = await runPrepared<{ empty: boolean; tree: string }[]>(
    em,
    `select numnode(q) = 0 as empty, querytree(q) as tree from (select ${QUERY} as q) w`,
    [words],
  );
  // Only stop words ("le la de"): nothing matches, as websearch_to_tsquery's empty query matches nothing.
  if (parsed.empty) return { sql: 'false', params: [], way: 'none', restrict: null, judged: { sql: 'false', params: [] } };
  const judged = judgedSql(viewer, words);
  const tree = parseTsquery(parsed.tree);
  const stats = tree ? await wordStatistics(em) : undefined;
  const candidates = tree && stats ? candidateQuery(tree, stats) : null;
  const chosen = way ?? (candidates && candidates.parts <= searchTuning.candidateLimit ? 'candidates' : 'walk');
  // Walking, the words are common: said to PostgreSQL through coalesce (a boolean expression it estimates to hold for half the
  // rows), else it takes a match of `@@` for rare (0.5 %) and sorts the whole table rather than follow the list's index.
  if (chosen === 'walk' || !candidates) {
    const walked = { sql: `coalesce(${judged.sql}, false)`, params: judged.params };
    return { ...walked, way: 'walk', restrict: null, judged: walked };
  }
  // The candidates through an array the planner cannot see into: it looks them up by number and sorts them,
  // instead of walking the list for tickets it believes are everywhere.
  const restrict = {
    sql: `t.id = any(array(select e.ticket_id from ticket_event e where e.search @@ ?::tsquery
        union select s.ticket_id from ticket_search s where s.document @@ ?::tsquery))`,
    params: [candidates.query, candidates.query],
  };
  return { sql: `${restrict.sql} and ${judged.sql}`, params: [...restrict.params, ...judged.params], way: 'candidates', restrict, judged };
}

/**
 * Whether the subject and the entries of `t` the viewer may read, joined in order, match the words.
 * What the viewer reads comes case by case from the read rules (entryReadingCases): every entry, the
 * subject alone, or the entry kinds granted plus the viewer's own entries.
 */
function judgedSql(viewer: Viewer, words: string): Sql {
  const readable = readableEntrySql(viewer);
  // The subject's stored words (computing them again costs 25 µs a ticket, more than reading its entries).
  const subject = `coalesce((select s.document from ticket_search s where s.ticket_id = t.id), '')`;
  if (readable === false) return { sql: `${subject} @@ ${QUERY}`, params: [words] };
  const filter = readable === true ? '' : ` and ${readable.sql}`;
  return {
    sql: `(${subject} || coalesce((select app_search_concat(e.search order by e.id) from ticket_event e
        where e.ticket_id = t.id and e.search is not null${filter}), '')) @@ ${QUERY}`,
    params: [...(readable === true ? [] : readable.params), words],
  };
}

/** Which entries `e` of ticket `t` the viewer reads, as SQL over `t`, `d` and `e` (true: all; false: none). */
export function readableEntrySql(viewer: Viewer): Sql | boolean {
  const params: unknown[] = [];
  const add = (part: Sql): string => (params.push(...part.params), part.sql);
  const entries = (reads: EntryReading): string => {
    if (reads === 'ALL') return 'true';
    if (reads === 'SUBJECT') return 'false';
    // The author always reads their own entries, whatever their visibility.
    const own = add(toSql(AUTHOR, viewer));
    params.push(`{${reads.join(',')}}`);
    return `(${own} or e.visibility = any(?::text[]))`;
  };
  const branches: string[] = [];
  for (const { when, reads } of entryReadingCases(viewer)) {
    if (when === false) continue;
    if (when === true) {
      if (!branches.length) return reads === 'ALL' ? true : reads === 'SUBJECT' ? false : { sql: entries(reads), params };
      const last = entries(reads);
      return { sql: `(case ${branches.join(' ')} else ${last} end)`, params };
    }
    const condition = add(asSql(when));
    branches.push(`when ${condition} then ${entries(reads)}`);
  }
  return { sql: `(case ${branches.join(' ')} else false end)`, params };
}

/** A parsed tsquery (the text PostgreSQL gives for one): a lexeme, or an operator over its operands. */
export type QueryNode =
  { lexeme: string; prefix: boolean } | { op: '&' | '|' | '<->'; left: QueryNode; right: QueryNode } | { op: '!'; operand: QueryNode };

/** Parses `querytree()`'s text ('a' & ( 'b' | 'c' ) <-> 'd':*); null for 'T' (nothing indexable) or anything unexpected. */
export function parseTsquery(text: string): QueryNode | null {
  const tokens = text.match(/'(?:[^'\\]|''|\\.)*'(?::[*A-D]+)?|<\d+>|<->|[&|!()]/g);
  if (!tokens || text.trim() === 'T') return null;
  let at = 0;
  // Precedence, loosest first: |, &, then the phrase operators; ! binds tightest.
  const precedence = (token: string | undefined): number =>
    token === '|' ? 1 : token === '&' ? 2 : token !== undefined && /^<(\d+|-)>$/.test(token) ? 3 : 0;
  const expression = (min: number): QueryNode => {
    let left = unary();
    for (;;) {
      const p = precedence(tokens[at]);
      if (p === 0 || p < min) return left;
      at++;
      const right = expression(p + 1);
      left = { op: p === 1 ? '|' : p === 2 ? '&' : '<->', left, right };
    }
  };
  const unary = (): QueryNode => {
    const token = tokens.at(at++);
    if (token === undefined) throw new Error('unexpected end');
    if (token === '!') return { op: '!', operand: unary() };
    if (token === '(') {
      const inner = expression(1);
      if (tokens[at++] !== ')') throw new Error('unbalanced');
      return inner;
    }
    const lexeme = /^'((?:[^'\\]|''|\\.)*)'(?::([*A-D]+))?$/.exec(token);
    if (!lexeme) throw new Error(`unexpected ${token}`);
    return { lexeme: lexeme[1].replace(/''/g, "'").replace(/\\(.)/g, '$1'), prefix: lexeme.at(2)?.includes('*') ?? false };
  };
  try {
    const node = expression(1);
    return at === tokens.length ? node : null;
  } catch {
    return null;
  }
}

/** How often each word is in the stored parts, from PostgreSQL's statistics of the two columns. */
export interface WordStatistics {
  /** Estimated parts (entries with words, and subjects). */
  rows: number;
  /** Fraction of the parts holding a word, for the most common words. */
  frequencies: Map<string, number>;
  /** The fraction assumed for a word not among them (below the least common of them), or when nothing is analyzed yet. */
  otherwise: number;
}

/**
 * The lexemes whose parts hold every match, as a tsquery text, and how many parts it is estimated to
 * find: a lexeme stands for itself; of an AND (or a phrase) one side suffices, the rarer; an OR needs
 * both sides; a negation restricts nothing (null: no candidate query, the search walks).
 */
export function candidateQuery(node: QueryNode, stats: WordStatistics): { query: string; parts: number } | null {
  if ('lexeme' in node) {
    const quoted = `'${node.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${node.prefix ? ':*' : ''}`;
    let frequency = stats.frequencies.get(node.lexeme) ?? stats.otherwise;
    if (node.prefix) {
      frequency = stats.otherwise;
      for (const [word, f] of stats.frequencies) if (word.startsWith(node.lexeme)) frequency += f;
    }
    return { query: quoted, parts: Math.ceil(Math.min(1, frequency) * stats.rows) };
  }
  if (node.op === '!') return null;
  const left = candidateQuery(node.left, stats);
  const right = candidateQuery(node.right, stats);
  if (node.op === '|') return left && right ? { query: `(${left.query}) | (${right.query})`, parts: left.parts + right.parts } : null;
  if (!left || !right) return left ?? right;
  return left.parts <= right.parts ? left : right;
}

const STATISTICS_TTL_MS = 60_000;
const statistics = new Map<string, { at: number; stats: Promise<WordStatistics> }>();

/** The word statistics of this database (cached a minute per database: they change with ANALYZE only). */
async function wordStatistics(em: EntityManager): Promise<WordStatistics> {
  const key = String(em.config.get('dbName') ?? '') + '|' + String(em.config.get('clientUrl') ?? '');
  const cached = statistics.get(key);
  if (cached && Date.now() - cached.at < STATISTICS_TTL_MS) return cached.stats;
  const stats = readStatistics(em);
  statistics.set(key, { at: Date.now(), stats });
  stats.catch(() => statistics.delete(key));
  return stats;
}

async function readStatistics(em: EntityManager): Promise<WordStatistics> {
  const rows = await runPrepared<{ parts: number; words: string[] | null; frequencies: number[] | null }[]>(
    em,
    `select greatest(c.reltuples, 0) * (1 - coalesce(s.null_frac, 0)) as parts, s.most_common_elems::text::text[] as words,
       s.most_common_elem_freqs as frequencies
     from pg_class c left join pg_stats s on s.schemaname = current_schema() and s.tablename = c.relname
       and s.attname = case c.relname when 'ticket_event' then 'search' else 'document' end
     where c.relname in ('ticket_event', 'ticket_search') and c.relnamespace = current_schema()::regnamespace`,
  );
  let parts = 0;
  const counts = new Map<string, number>();
  let least = Infinity;
  for (const row of rows) {
    const n = row.parts;
    parts += n;
    // most_common_elem_freqs ends with the least and the most frequent, and the frequency of nulls: only the words' own count.
    row.words?.forEach((word, i) => {
      const f = row.frequencies?.[i] ?? 0;
      counts.set(word, (counts.get(word) ?? 0) + f * n);
      least = Math.min(least, f * n);
    });
  }
  const frequencies = new Map([...counts].map(([w, c]) => [w, parts > 0 ? c / parts : 0]));
  // PostgreSQL's own guess for a word not in the list: half the least frequent one; with no statistics yet, rare.
  const otherwise = parts > 0 && Number.isFinite(least) ? least / 2 / parts : 0;
  return { rows: parts, frequencies, otherwise };
}
