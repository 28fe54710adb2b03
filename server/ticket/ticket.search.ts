import type { Viewer } from '../auth/viewer.js';
import { visibleEntryKinds } from '../policies/ticket.policy.js';
import { EntryVisibility } from './ticket.enums.js';

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

/**
 * A condition over `t` matching the search words in the subject and the entries the viewer may
 * read (French full-text search, accent-insensitive), the ticket judged as one document so that
 * "a b" and "a -b" hold across its parts. The stored documents' GIN index finds the candidates
 * (the words with their negations removed); each candidate is then judged on the part of its
 * document the viewer may read — an internal note never makes a ticket match for a non-staff viewer.
 */
export function ticketSearchSql(viewer: Viewer, text: string): { sql: string; params: unknown[] } {
  const words = text.slice(0, MAX_SEARCH_LENGTH);
  const query = `websearch_to_tsquery('${SEARCH_CONFIG}', ?)`;
  const readable = readablePartSql(viewer);
  return {
    sql: `t.id in (select s.ticket_id from ticket_search s where s.document @@ app_search_positive(${query}))
      and (select ${readable.sql} @@ ${query} from ticket_search s where s.ticket_id = t.id)`,
    params: [words, ...readable.params, words],
  };
}

/**
 * The part of `s.document` (ticket `t`) the viewer may read, following canSeeEntry: staff read
 * everything; those who see only the subject of a SUBJECT_ONLY ticket, its subject; others the
 * entry kinds policies/ grants their relation (owner or creator, invitee), plus their own entries.
 */
function readablePartSql(viewer: Viewer): { sql: string; params: unknown[] } {
  // Admins read every document whole. (Judging them by the index alone, with no second condition, made the
  // planner walk the whole table by last activity for rare words: 0.2–5 s instead of 15 ms at 1,000,000 tickets.)
  if (viewer.isAdmin) return { sql: 's.document', params: [] };
  const me = viewer.user.id;
  const params: unknown[] = [`{${[...viewer.memberships.keys()].join(',')}}`];
  // Each call adds its SQL's parameters in the order the SQL is written.
  const ownerish = (): string => (params.push(me, me), '(t.owner_id = ? or t.creator_id = ?)');
  const invited = (): string => (params.push(me), 'exists (select 1 from invitation i where i.ticket_id = t.id and i.user_id = ?)');
  // The author always reads their own entries, whatever their visibility.
  const own = (): string => (
    params.push(me),
    `(select app_search_concat(app_search_entry(e.message, e.visibility)) from ticket_event e
      where e.ticket_id = t.id and e.actor_id = ? and e.visibility <> 'EVERYONE' and e.message is not null)`
  );
  const part = (owner: boolean, invitee: boolean): string => {
    const kinds = visibleEntryKinds(viewer, { ownerId: owner ? me : -1, creatorId: -1, inviteeIds: invitee ? [me] : [] });
    const weights = kinds.map((k) => WEIGHT[k]).filter((w): w is string => w !== null);
    const filtered = `ts_filter(s.document, '{${weights.join(',')}}')`;
    const readable = kinds.includes(EntryVisibility.INVITEES) ? `${filtered} || coalesce(s.invitees_document, '')` : filtered;
    return `${readable} || ${own()}`;
  };
  const sql = `(case
      when t.department_id = any(?::int[]) then s.document
      when ${ownerish()} and ${invited()} then ${part(true, true)}
      when ${ownerish()} then ${part(true, false)}
      when ${invited()} then ${part(false, true)}
      when t.visibility = 'SUBJECT_ONLY' then setweight(app_search_text(t.subject), 'A')
      else ${part(false, false)} end)`;
  return { sql, params };
}
