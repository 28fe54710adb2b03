import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { asSql, toSql, type Sql } from '../policies/clause.js';
import { AUTHOR, entryReadingCases, type EntryReading } from '../policies/read-rules.js';
import { EntryVisibility } from '../model/ticket.enums.js';

/** The text-search configuration of migration 2: French stemming, accents ignored. */
export const SEARCH_CONFIG = 'app_french';

/** Longest search text used (the rest is ignored). */
const MAX_SEARCH_LENGTH = 500;

/**
 * The weight each entry visibility has in `ticket_search.document` (migration SearchDocument).
 * INVITEES shares D with STAFF there, so viewers who read INVITEES entries but not internal notes
 * read them from `invitees_document` instead.
 */
const WEIGHT: Record<EntryVisibility, string | null> = {
  [EntryVisibility.EVERYONE]: 'a',
  [EntryVisibility.PARTICIPANTS]: 'b',
  [EntryVisibility.OWNER]: 'c',
  [EntryVisibility.INVITEES]: null,
  [EntryVisibility.STAFF]: 'd',
};

/** How many of the newest tickets (by last activity) the search samples to tell a common word from a rare one. */
export const SAMPLE = 1000;
/** A search matching at least this many of the SAMPLE newest tickets (0.5 %) is common: it walks the newest tickets. */
export const COMMON = 5;
/** A common search looks through this many of the newest tickets, unless the filter names a person (ticket-filter.ts). */
export const SEARCH_WINDOW = 10_000;
/** A rare search ranks at most this many of the tickets its words match, the newest by number (each is a random read of a ticket). */
export const SEARCH_CANDIDATES = 2_000;
/**
 * How many index matches a rare search reads to pick its newest SEARCH_CANDIDATES. The GIN index returns
 * matches in the table's physical order (oldest first), so without sorting them the candidates would be the
 * oldest matches. A rare word has few matches (≈3 ms for 700); this bounds a word that was common long ago
 * but is absent from the newest tickets (≈6 µs a match).
 */
export const SEARCH_SCAN = 20_000;

/** A search turned into a condition over `t`; `bounded` when it may leave matching tickets out (see SEARCH_WINDOW, SEARCH_CANDIDATES). */
export interface SearchSql {
  sql: string;
  params: unknown[];
  bounded: boolean;
}

interface Sampled {
  /** The words are all stop words. */
  empty: boolean;
  /** The words have no negation, so the index's match (of the whole document) is the match. */
  exact: boolean;
  ids: number[] | null;
  /** The oldest ticket of the window: its last activity (as text, to the microsecond) and its id. */
  edge: [string, string] | null;
}

/**
 * A condition over `t` matching the search words in the subject and the entries the viewer may
 * read (French full-text search, accent-insensitive), the ticket judged as one document so that
 * "a b" and "a -b" hold across its parts; an internal note never makes a ticket match for a
 * non-staff viewer. The work is bounded whatever the words, in two ways chosen by one statement
 * that first looks for COMMON matches among the SAMPLE newest tickets:
 * - a rare search (fewer than COMMON there) takes its candidates from the GIN index of the stored
 *   documents, the SEARCH_CANDIDATES newest by number, passed on as ids and looked up one by one;
 * - a common search walks the tickets newest first (the list's order, so a page stops early) and
 *   judges each, looking through the SEARCH_WINDOW newest only: a word found in a quarter of the
 *   tickets would otherwise make the GIN index return 250,000 rows per 1,000,000 to sort and count.
 *   A `window` of null (a filter that names a person: few tickets, found by their own index) walks them all.
 * Each candidate is then judged on the part of its document the viewer may read.
 */
export async function ticketSearchSql(
  em: EntityManager,
  viewer: Viewer,
  text: string,
  window: number | null = SEARCH_WINDOW,
  candidates = SEARCH_CANDIDATES,
): Promise<SearchSql> {
  const words = text.slice(0, MAX_SEARCH_LENGTH);
  const [sampled] = await em.execute<Sampled[]>(samplingSql(window, candidates), [words]);
  // Only stop words ("le la de"): nothing matches, as websearch_to_tsquery's empty query matches nothing.
  if (sampled.empty) return { sql: 'false', params: [], bounded: false };
  const readable = readablePartSql(viewer);
  const judged = {
    sql: `(select ${readable.sql} @@ ${QUERY} from ticket_search s where s.ticket_id = t.id)`,
    params: [...readable.params, words],
  };
  if (sampled.ids) {
    const ids = sampled.ids.slice(0, candidates);
    // The index matched the whole document: without negations, that settles the tickets whose whole document the viewer reads.
    const whole = sampled.exact ? wholeDocumentSql(viewer) : null;
    const judgedRest = whole ? { sql: `(${whole.sql} or ${judged.sql})`, params: [...whole.params, ...judged.params] } : judged;
    return {
      // The ids through a subquery, which the planner cannot see into: told that 2,000 of 1,000,000 tickets match, it
      // would walk the newest tickets for 25 of them, and a rare search's candidates are old (1 s for 10,000 ids).
      sql: `t.id = any(((select ?::int[]))::int[]) and ${judgedRest.sql}`,
      params: [`{${ids.join(',')}}`, ...judgedRest.params],
      bounded: sampled.ids.length > candidates,
    };
  }
  // Walking, most tickets do not hold the words at all: the whole document's index words say so before the
  // viewer's part is built (a part's words are among its document's, so a part never matches where the document does not).
  const walked =
    readable.sql === 's.document'
      ? judged
      : {
          sql: `(select s.document @@ app_search_positive(${QUERY}) and ${readable.sql} @@ ${QUERY} from ticket_search s where s.ticket_id = t.id)`,
          params: [words, ...readable.params, words],
        };
  if (!sampled.edge) return { ...walked, bounded: false };
  return {
    sql: `(t.last_activity_at, t.id) >= (?::timestamptz, ?::int) and ${walked.sql}`,
    params: [...sampled.edge, ...walked.params],
    bounded: true,
  };
}

const QUERY = `websearch_to_tsquery('${SEARCH_CONFIG}', ?)`;

/**
 * One row: whether the words are all stop words (`empty`) or hold no negation (`exact`); for a rare search (fewer than COMMON of the
 * SAMPLE newest tickets match the words, negations aside, whoever reads) its candidates from the GIN
 * index (one more than SEARCH_CANDIDATES, to tell when some were left out); for a common one the
 * oldest ticket of the window (null when the table is smaller than the window, or no window). CASE
 * evaluates only the subquery its branch needs.
 */
export function samplingSql(window: number | null, candidates = SEARCH_CANDIDATES): string {
  const edge = window
    ? `(select array[last_activity_at::text, id::text] from ticket order by last_activity_at desc, id desc offset ${window - 1} limit 1)`
    : 'null';
  // The query is a constant (PostgreSQL pulls its subqueries up and folds it), so the planner estimates each use;
  // OFFSET 0 keeps the sample from being pulled up too, which would run it once per use of r.common.
  return `select numnode(p.q) = 0 as empty, p.positive::text = p.q::text as exact,
      case when not r.common then array(select m.ticket_id from (select s.ticket_id from ticket_search s
        where s.document @@ p.positive limit ${SEARCH_SCAN}) m order by m.ticket_id desc limit ${candidates + 1}) end as ids,
      case when r.common then ${edge} end as edge
    from (select q, app_search_positive(q) as positive from (select ${QUERY} as q) w) p,
      lateral (select exists (select 1 from (select id from ticket order by last_activity_at desc, id desc limit ${SAMPLE}) w
        join ticket_search s on s.ticket_id = w.id where s.document @@ p.positive offset ${COMMON - 1}) as common offset 0) r`;
}

/** Tickets whose whole document the viewer reads (the first of entryReadingCases), as SQL over `t`; null for none. */
function wholeDocumentSql(viewer: Viewer): Sql | null {
  const whole = entryReadingCases(viewer)[0];
  return whole.when === false ? null : asSql(whole.when);
}

/**
 * The part of `s.document` (ticket `t`) the viewer may read, case by case as policies/ writes them
 * (entryReadingCases): the whole document, the subject alone, or the weights of the entry kinds
 * granted, plus the viewer's own entries. Only for tickets the viewer may read (the list's condition).
 */
function readablePartSql(viewer: Viewer): Sql {
  const params: unknown[] = [];
  // Each call adds its SQL's parameters in the order the SQL is written.
  const add = (part: Sql): string => (params.push(...part.params), part.sql);
  const documentPart = (reads: EntryReading): string => {
    if (reads === 'ALL') return 's.document';
    if (reads === 'SUBJECT') return "setweight(app_search_text(t.subject), 'A')";
    const weights = reads.map((k) => WEIGHT[k]).filter((w): w is string => w !== null);
    const filtered = `ts_filter(s.document, '{${weights.join(',')}}')`;
    const granted = reads.includes(EntryVisibility.INVITEES) ? `${filtered} || coalesce(s.invitees_document, '')` : filtered;
    // The author always reads their own entries, whatever their visibility.
    const own = `(select app_search_concat(app_search_entry(e.message, e.visibility)) from ticket_event e
      where e.ticket_id = t.id and ${add(toSql(AUTHOR, viewer))} and e.visibility <> all(?::text[]) and e.message is not null)`;
    params.push(`{${reads.join(',')}}`);
    return `${granted} || ${own}`;
  };
  const branches: string[] = [];
  for (const { when, reads } of entryReadingCases(viewer)) {
    if (when === false) continue;
    if (when === true) {
      // Admins read every document whole: `s.document` itself. (Judging them by the index alone, with no second
      // condition, made the planner walk the whole table by last activity for rare words: 0.2–5 s instead of 15 ms.)
      const part = documentPart(reads);
      return { sql: branches.length ? `(case ${branches.join(' ')} else ${part} end)` : part, params };
    }
    const condition = add(when);
    branches.push(`when ${condition} then ${documentPart(reads)}`);
  }
  return { sql: `(case ${branches.join(' ')} end)`, params };
}
