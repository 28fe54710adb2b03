import type { RequestContext } from '../auth/context.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { CannedScope } from '../model/canned.enums.js';
import { assertMayManageCanned, canUseCanned, usableCannedSql, type CannedFacts } from '../policies/canned.policy.js';
import { canNameDepartment } from '../policies/ticket-filter.policy.js';
import { parseId } from '../shared/ids.js';
import { requireLine, requireRichText } from '../shared/rich-text.js';

/** Longest title and body of a canned answer, and the most one search returns. */
export const CANNED_LIMITS = { title: 200, body: 100_000, listed: 200 } as const;

/** A canned answer as read. Its body keeps `{owner}`-style variables as typed: the portlet fills them at insertion. */
export interface CannedAnswerRow {
  id: number;
  title: string;
  body: string;
  scope: CannedScope;
  departmentId: number | null;
  ownerId: number | null;
}

/** What saveCannedAnswer takes. */
export interface CannedAnswerFields {
  title: string;
  body: string;
  scope: CannedScope;
  departmentId?: string | null;
}

const COLUMNS = 'c.id, c.title, c.body, c.scope, c.department_id as "departmentId", c.owner_id as "ownerId"';

/** The canned answers the viewer may use, by title; `search` in title or body; `departmentId` keeps that department's (and the personal and global ones). */
export async function cannedAnswers(ctx: RequestContext, search?: string | null, departmentId?: string | null): Promise<CannedAnswerRow[]> {
  const usable = usableCannedSql(ctx.viewer);
  const where = [usable.sql];
  const params = [...usable.params];
  const words = search?.trim();
  if (words) {
    where.push(`(c.title ilike ? or c.body ilike ?)`);
    const like = `%${words.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    params.push(like, like);
  }
  if (departmentId != null) {
    where.push(`(c.department_id is null or c.department_id = ?)`);
    params.push(parseId('Department', departmentId));
  }
  return ctx.em.execute<CannedAnswerRow[]>(
    `select ${COLUMNS} from canned_answer c where ${where.join(' and ')} order by lower(c.title), c.id limit ?`,
    [...params, CANNED_LIMITS.listed],
  );
}

async function findUsable(ctx: RequestContext, id: string): Promise<CannedAnswerRow> {
  const row = (
    await ctx.em.execute<CannedAnswerRow[]>(`select ${COLUMNS} from canned_answer c where c.id = ?`, [parseId('CannedAnswer', id)])
  ).at(0);
  // One the viewer may not use is not there for them, as a ticket they may not read.
  if (!row || !canUseCanned(ctx.viewer, row)) throw new NotFoundError('CannedAnswer');
  return row;
}

/**
 * Creates (no id) or changes a canned answer. The body is sanitised as every message (no script, no
 * handler); the viewer must manage both the answer as it was and as it will be.
 */
export async function saveCannedAnswer(
  ctx: RequestContext,
  id: string | null | undefined,
  input: CannedAnswerFields,
): Promise<CannedAnswerRow> {
  const title = requireLine('title', input.title, CANNED_LIMITS.title);
  const body = requireRichText('body', input.body, CANNED_LIMITS.body);
  const departmentId = await departmentOf(ctx, input);
  const before = id == null ? null : await findUsable(ctx, id);
  if (before) assertMayManageCanned(ctx.viewer, before);
  const after: CannedFacts = { scope: input.scope, departmentId, ownerId: before?.ownerId ?? ctx.viewer.userId };
  assertMayManageCanned(ctx.viewer, after);
  const values = [title, body, input.scope, departmentId];
  const rows = before
    ? await ctx.em.execute<CannedAnswerRow[]>(
        `update canned_answer c set title = ?, body = ?, scope = ?, department_id = ?, updated_at = now() where c.id = ? returning ${COLUMNS}`,
        [...values, before.id],
      )
    : await ctx.em.execute<CannedAnswerRow[]>(
        `insert into canned_answer as c (title, body, scope, department_id, owner_id) values (?, ?, ?, ?, ?) returning ${COLUMNS}`,
        [...values, ctx.viewer.userId],
      );
  return rows[0];
}

/** Deletes a canned answer the viewer manages; one they may not use is NOT_FOUND. */
export async function deleteCannedAnswer(ctx: RequestContext, id: string): Promise<boolean> {
  const row = await findUsable(ctx, id);
  assertMayManageCanned(ctx.viewer, row);
  await ctx.em.execute('delete from canned_answer where id = ?', [row.id]);
  return true;
}

/** A department answer names a department the viewer may name (else NOT_FOUND); the others name none. */
async function departmentOf(ctx: RequestContext, input: CannedAnswerFields): Promise<number | null> {
  if (input.scope !== CannedScope.DEPARTMENT) {
    if (input.departmentId != null) throw new BadInputError('Only a DEPARTMENT canned answer names a department', 'departmentId');
    return null;
  }
  if (input.departmentId == null) throw new BadInputError('A DEPARTMENT canned answer names its department', 'departmentId');
  const id = parseId('Department', input.departmentId);
  const department = (await ctx.em.execute<{ id: number; enabled: boolean }[]>('select id, enabled from department where id = ?', [id])).at(
    0,
  );
  if (!department || !canNameDepartment(ctx.viewer, department)) throw new NotFoundError('Department');
  return id;
}
