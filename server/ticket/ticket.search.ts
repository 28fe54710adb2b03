import { visibleEntriesSql } from '../policies/ticket.policy.js';
import type { Viewer } from '../auth/viewer.js';

/** The text-search configuration of migration 2: French stemming, accents ignored. */
export const SEARCH_CONFIG = 'app_french';

/**
 * A condition over `t` matching the search words in the subject and the entries the viewer may
 * read (PostgreSQL full-text search, French, accent-insensitive).
 */
export function ticketSearchSql(viewer: Viewer, text: string): { sql: string; params: unknown[] } {
  const visible = visibleEntriesSql(viewer);
  // One document per ticket (subject + readable entries), so "a b" and "a -b" judge the ticket as a whole.
  return {
    sql: `(to_tsvector('${SEARCH_CONFIG}', t.subject) || to_tsvector('${SEARCH_CONFIG}', coalesce((
        select string_agg(e.message, ' ' order by e.id) from ticket_event e where e.ticket_id = t.id and ${visible.sql}), '')))
      @@ websearch_to_tsquery('${SEARCH_CONFIG}', ?)`,
    params: [...visible.params, text.slice(0, 500)],
  };
}
