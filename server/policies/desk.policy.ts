import type { Viewer } from '../auth/viewer.js';
import { perObject } from '../shared/per-object.js';
import { asSql, type Sql } from './clause.js';
import { entryReadingCases } from './read-rules.js';

/**
 * Whether the viewer may see the history entry `e` of the ticket `t` (joined with its department
 * `d`), as one SQL condition built from the entry rules' cases (read-rules.ts): an entry hidden from
 * someone never marks a ticket unread for them, or its existence would leak.
 */
export const readableEntrySql: (viewer: Viewer) => Sql = perObject((viewer) => {
  const cases: string[] = [];
  const params: unknown[] = [];
  for (const { when, reads } of entryReadingCases(viewer)) {
    const condition = asSql(when);
    params.push(...condition.params);
    if (reads === 'ALL') cases.push(`when ${condition.sql} then true`);
    else if (reads === 'SUBJECT' || reads.length === 0) cases.push(`when ${condition.sql} then false`);
    else {
      cases.push(`when ${condition.sql} then e.visibility = any(?::text[])`);
      params.push(`{${reads.join(',')}}`);
    }
  }
  return { sql: `(case ${cases.join(' ')} else false end)`, params };
});
