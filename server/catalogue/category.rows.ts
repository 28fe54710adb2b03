import { perRequest, type RequestContext } from '../auth/context.js';
import { KnownLoader } from '../shared/known-loader.js';
import type { CategoryRecord } from '../model/category.entity.js';
import type { DepartmentRecord } from '../model/department.entity.js';

/** A category as one JSON value of SQL over the `category` alias given, in the shape of CategoryRecord. */
export function categoryJsonSql(c: string): string {
  return `json_build_object('id', ${c}.id, 'department', json_build_object('id', ${c}.department_id),
    'parent', case when ${c}.parent_id is null then null else json_build_object('id', ${c}.parent_id) end,
    'label', ${c}.label, 'path', ${c}.path, 'enabled', ${c}.enabled, 'hidden', ${c}.hidden, 'position', ${c}.position,
    'defaultPriority', ${c}.default_priority, 'defaultVisibility', ${c}.default_visibility,
    'subjectTemplate', ${c}.subject_template, 'messageTemplate', ${c}.message_template,
    'assignmentMode', ${c}.assignment_mode, 'alertEmail', ${c}.alert_email)`;
}

/** A department as one JSON value of SQL over the `department` alias given, in the shape of DepartmentRecord. */
export function departmentJsonSql(d: string): string {
  return `json_build_object('id', ${d}.id, 'code', ${d}.code, 'label', ${d}.label, 'enabled', ${d}.enabled,
    'confidential', ${d}.confidential, 'reopenDays', ${d}.reopen_days, 'expireDays', ${d}.expire_days,
    'assignmentMode', ${d}.assignment_mode, 'alertEmail', ${d}.alert_email)`;
}

/** Per-request catalogue rows by id: what a ticket list joined is known at once, the rest batched. */
export interface CatalogueRows {
  categories: KnownLoader<number, CategoryRecord>;
  /** A category's children, every one of them (the resolver filters), by parent id. */
  children: KnownLoader<number, CategoryRecord[]>;
  /** A department's categories, every one of them (the resolver filters), by path. */
  ofDepartment: KnownLoader<number, CategoryRecord[]>;
  departments: KnownLoader<number, DepartmentRecord>;
}

/** The request's catalogue rows. */
export function catalogueRows(ctx: RequestContext): CatalogueRows {
  return perRequest(ctx, createCatalogueRows);
}

function createCatalogueRows({ em }: RequestContext): CatalogueRows {
  const categoriesWhere = async (column: 'id' | 'parent_id' | 'department_id', ids: readonly number[]): Promise<CategoryRecord[]> => {
    const rows = await em.execute<{ c: CategoryRecord }[]>(
      `select ${categoryJsonSql('c')} as c from category c where c.${column} = any(?::int[]) order by c.id`,
      [`{${ids.join(',')}}`],
    );
    return rows.map((r) => r.c);
  };
  return {
    categories: new KnownLoader(async (ids) => {
      const byId = new Map((await categoriesWhere('id', ids)).map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? new Error(`category ${id} is missing`));
    }),
    children: new KnownLoader(async (ids) => {
      const rows = await categoriesWhere('parent_id', ids);
      return ids.map((id) => rows.filter((c) => c.parent?.id === id));
    }),
    ofDepartment: new KnownLoader(async (ids) => {
      const rows = (await categoriesWhere('department_id', ids)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return ids.map((id) => rows.filter((c) => c.department.id === id));
    }),
    departments: new KnownLoader(async (ids) => {
      const rows = await em.execute<{ d: DepartmentRecord }[]>(
        `select ${departmentJsonSql('d')} as d from department d where d.id = any(?::int[])`,
        [`{${ids.join(',')}}`],
      );
      const byId = new Map(rows.map((r) => [r.d.id, r.d]));
      return ids.map((id) => byId.get(id) ?? new Error(`department ${id} is missing`));
    }),
  };
}
