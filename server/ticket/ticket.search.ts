import { visibleEntriesSql } from '../policies/ticket.policy.js';
import type { Viewer } from '../user/user.service.js';

/** The text-search configuration of migration 2: French stemming, accents ignored. */
export const SEARCH_CONFIG = 'app_french';

/**
 * A condition over `t` matching the search words in the subject or in an entry the viewer may
 * read (PostgreSQL full-text search, French, accent-insensitive; the GIN indexes cover both sides).
 */
export function ticketSearchSql(viewer: Viewer, text: string): { sql: string; params: unknown[] } {
  const visible = visibleEntriesSql(viewer);
  const query = `websearch_to_tsquery('${SEARCH_CONFIG}', ?)`;
  return {
    sql: `(to_tsvector('${SEARCH_CONFIG}', t.subject) @@ ${query}
      or exists (select 1 from ticket_event e where e.ticket_id = t.id
        and to_tsvector('${SEARCH_CONFIG}', coalesce(e.message, '')) @@ ${query} and ${visible.sql}))`,
    params: [text.slice(0, 500), text.slice(0, 500), ...visible.params],
  };
}
