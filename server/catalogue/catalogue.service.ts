import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError, ConflictError } from '../errors.js';
import { parseId } from '../shared/ids.js';
import { requireLine, sanitizeRichText } from '../shared/rich-text.js';
import { likeContains } from '../shared/sql.js';
import { isEmail } from '../shared/values.js';
import { User } from '../model/user.entity.js';
import type { CategoryChanges, DepartmentChanges, FaqChanges, MemberChanges, NewCategory, NewDepartment } from './catalogue-changes.js';
import { Category } from '../model/category.entity.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import { Department } from '../model/department.entity.js';
import { Faq } from '../model/faq.entity.js';

/** The separator of category paths, as users know them ("DNUM - ENT"). */
export const PATH_SEPARATOR = ' - ';

/**
 * Categories one may file in (enabled and shown, like all their ancestors, in an enabled department),
 * filtered on the path: every word of the filter must appear somewhere in it, ignoring case and
 * accents, in any order ("ent dnum" finds "DNUM - ENT").
 */
export async function fileableCategories(em: EntityManager, filter?: string | null): Promise<Category[]> {
  const qb = em
    .createQueryBuilder(Category, 'c')
    .select('c.*')
    .join('c.department', 'd')
    .where({ enabled: true, hidden: false, department: { enabled: true } })
    // Under a disabled or hidden category, the whole branch is closed to new tickets.
    .andWhere(
      `c.id not in (with recursive closed as (select id from category where not enabled or hidden
      union select child.id from category child join closed on child.parent_id = closed.id) select id from closed)`,
    )
    .orderBy({ path: 'asc' });
  for (const word of filterWords(filter)) qb.andWhere('unaccent(lower(c.path)) like unaccent(lower(?))', [likeContains(word)]);
  return qb.getResultList();
}

// At most 10 words of the first 200 characters: enough for any path, and a bounded query.
function filterWords(filter: string | null | undefined): string[] {
  return (filter ?? '').slice(0, 200).split(/\s+/).filter(Boolean).slice(0, 10);
}

/**
 * Whether new tickets may go to this category: it, its ancestors and its department are enabled,
 * and (for filing, not for staff moving a ticket) none of them is hidden.
 */
export async function acceptsTickets(em: EntityManager, category: Category, opts: { allowHidden: boolean }): Promise<boolean> {
  const department = await em.findOneOrFail(Department, category.department.id);
  if (!department.enabled) return false;
  const closed = await em.count(Category, {
    id: { $in: await ancestorIds(em, category) },
    $or: opts.allowHidden ? [{ enabled: false }] : [{ enabled: false }, { hidden: true }],
  });
  return closed === 0;
}

async function ancestorIds(em: EntityManager, category: Category): Promise<number[]> {
  const rows: { id: number }[] = await em.execute(
    `with recursive up as (select id, parent_id from category where id = ?
       union all select c.id, c.parent_id from category c join up on c.id = up.parent_id)
     select id from up`,
    [category.id],
  );
  return rows.map((r) => r.id);
}

/** Creates a department; codes are unique. */
export async function createDepartment(em: EntityManager, input: NewDepartment): Promise<Department> {
  const code = requireLine('code', input.code, 32).toUpperCase();
  if (await em.count(Department, { code })) throw new ConflictError(`A department with code ${code} exists`);
  const department = em.create(Department, {
    code,
    label: requireLine('label', input.label, 200),
    confidential: input.confidential ?? false,
    ...(input.assignmentMode ? { assignmentMode: input.assignmentMode } : {}),
  });
  await em.flush();
  return department;
}

/** Applies the given changes to a department. */
export async function updateDepartment(em: EntityManager, department: Department, input: DepartmentChanges): Promise<Department> {
  if (input.label !== undefined) department.label = requireLine('label', input.label, 200);
  if (input.enabled != null) department.enabled = input.enabled;
  if (input.confidential != null) department.confidential = input.confidential;
  if (input.reopenDays != null) department.reopenDays = dayCount('reopenDays', input.reopenDays);
  if (input.expireDays != null) department.expireDays = dayCount('expireDays', input.expireDays);
  if (input.assignmentMode != null) department.assignmentMode = input.assignmentMode;
  if (input.alertEmail !== undefined) department.alertEmail = email('alertEmail', input.alertEmail);
  await em.flush();
  return department;
}

/** Creates a category under a parent of the same department (or as a root). */
export async function createCategory(em: EntityManager, department: Department, input: NewCategory): Promise<Category> {
  const category = em.create(Category, { department, label: requireLine('label', input.label, 200), path: '' });
  return updateCategory(em, category, input);
}

/** Applies changes to a category and keeps the paths of it and its descendants true. */
export async function updateCategory(em: EntityManager, category: Category, input: CategoryChanges): Promise<Category> {
  if (input.label !== undefined) category.label = requireLine('label', input.label, 200);
  if (input.parentId !== undefined)
    category.parent = input.parentId ? em.getReference(Category, await parentFor(em, category, input.parentId), { wrapped: true }) : null;
  if (input.enabled != null) category.enabled = input.enabled;
  if (input.hidden != null) category.hidden = input.hidden;
  if (input.position != null) category.position = input.position;
  if (input.defaultPriority !== undefined)
    category.defaultPriority = input.defaultPriority === null ? null : priority('defaultPriority', input.defaultPriority);
  if (input.defaultVisibility !== undefined) category.defaultVisibility = input.defaultVisibility;
  if (input.subjectTemplate !== undefined) category.subjectTemplate = input.subjectTemplate?.slice(0, 200) ?? null;
  if (input.messageTemplate !== undefined)
    category.messageTemplate = input.messageTemplate ? sanitizeRichText(input.messageTemplate) : null;
  if (input.assignmentMode !== undefined) category.assignmentMode = input.assignmentMode;
  if (input.alertEmail !== undefined) category.alertEmail = email('alertEmail', input.alertEmail);
  await em.flush();
  await refreshPaths(em);
  return category;
}

async function parentFor(em: EntityManager, category: Category, parentId: string): Promise<number> {
  const parent = await em.findOne(
    Category,
    { id: parseId('Category', parentId), department: category.department.id },
    { flushMode: 'commit' },
  );
  if (!parent) throw new BadInputError('The parent must be a category of the same department', 'parentId');
  const ancestors = await ancestorIds(em, parent);
  if (category.id && ancestors.includes(category.id)) throw new BadInputError('A category cannot be its own ancestor', 'parentId');
  return parent.id;
}

// Paths are derived from labels; one recursive statement recomputes every path that changed.
async function refreshPaths(em: EntityManager): Promise<void> {
  await em.execute(
    `with recursive tree as (
       select id, label::text as path from category where parent_id is null
       union all select c.id, tree.path || ? || c.label from category c join tree on c.parent_id = tree.id)
     update category set path = tree.path from tree where category.id = tree.id and category.path <> tree.path`,
    [PATH_SEPARATOR],
  );
  const stale = em
    .getUnitOfWork()
    .getIdentityMap()
    .values()
    .filter((e): e is Category => e instanceof Category);
  for (const category of stale) await em.refresh(category);
}

/** Creates or changes a FAQ entry, linked to categories of its department. */
export async function saveFaq(em: EntityManager, department: Department, faq: Faq | null, input: FaqChanges): Promise<Faq> {
  const entry =
    faq ??
    em.create(Faq, {
      department,
      title: requireLine('title', input.title, 300),
      content: sanitizeRichText(input.content ?? ''),
    });
  if (input.title !== undefined) entry.title = requireLine('title', input.title, 300);
  if (input.content !== undefined) entry.content = sanitizeRichText(input.content);
  if (input.enabled != null) entry.enabled = input.enabled;
  if (input.categoryIds) entry.categories.set(await departmentCategories(em, department, input.categoryIds));
  await em.flush();
  return entry;
}

/** Adds a user (by uid) to a department or changes their membership. */
export async function saveMember(em: EntityManager, department: Department, input: MemberChanges): Promise<DepartmentMember> {
  const user = await em.findOne(User, { uid: input.uid.trim() });
  if (!user) throw new BadInputError(`Unknown user ${input.uid.slice(0, 64)}`, 'uid');
  const member = (await em.findOne(DepartmentMember, { department, user })) ?? em.create(DepartmentMember, { department, user });
  if (input.role) member.role = input.role;
  if (input.available != null) member.available = input.available;
  if (input.alert) member.alert = input.alert;
  if (input.categoryIds) member.categories.set(await departmentCategories(em, department, input.categoryIds));
  await em.flush();
  return member;
}

async function departmentCategories(em: EntityManager, department: Department, ids: string[]): Promise<Category[]> {
  const wanted = ids.map((id) => parseId('Category', id));
  const found = await em.find(Category, { id: { $in: wanted }, department });
  if (found.length !== new Set(wanted).size) throw new BadInputError('Every category must belong to the department', 'categoryIds');
  return found;
}

function dayCount(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 3650) throw new BadInputError(`${field} must be between 0 and 3650`, field);
  return value;
}

/** Priorities run from 1 (very low) to 5 (very high). */
export function priority(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 5) throw new BadInputError(`${field} must be between 1 and 5`, field);
  return value;
}

function email(field: string, value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  if (!isEmail(value.trim())) throw new BadInputError(`${field} must be an email address`, field);
  return value.trim();
}
