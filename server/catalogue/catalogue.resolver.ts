import { Arg, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { NotFoundError } from '../errors.js';
import { listBound } from '../limits/list-bounds.js';
import { assertAdmin, assertMayUpdateDepartment, assertRunsDepartment, canSeeDepartmentInternals } from '../policies/catalogue.policy.js';
import { parseId } from '../shared/ids.js';
import { related } from '../shared/known-loader.js';
import {
  CategoryFieldsInput,
  CreateCategoryInput,
  CreateDepartmentInput,
  DepartmentMemberInput,
  FaqInput,
  UpdateDepartmentInput,
} from './catalogue.inputs.js';
import { catalogueLoaders } from './catalogue.loaders.js';
import * as catalogue from './catalogue.service.js';
import { Category, type CategoryRecord } from '../model/category.entity.js';
import { catalogueRows } from './category.rows.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import { Department, type DepartmentRecord } from '../model/department.entity.js';
import { Faq } from '../model/faq.entity.js';
import { findFaqs } from './faqs.js';

/** Departments: listing for everyone, administration for admins and supervisors. */
@Resolver(() => Department)
export class DepartmentResolver {
  @Query(() => [Department], { description: 'Enabled departments (staff also see their disabled ones).' })
  @Extensions(listBound('departments'))
  async departments(@Ctx() { em, viewer }: RequestContext): Promise<Department[]> {
    const all = await em.find(Department, {}, { orderBy: { label: 'asc' } });
    return all.filter((d) => d.enabled || canSeeDepartmentInternals(viewer, d.id));
  }

  @FieldResolver(() => [Category], { description: 'Its categories one may file in; staff see all of them.' })
  @Extensions(listBound('categoriesPerDepartment'))
  categories(@Root() department: DepartmentRecord, @Ctx() ctx: RequestContext): CategoryRecord[] | Promise<CategoryRecord[]> {
    const mine = (all: CategoryRecord[]): CategoryRecord[] =>
      canSeeDepartmentInternals(ctx.viewer, department.id) ? all : all.filter((c) => c.enabled && !c.hidden);
    // Rows batched for the whole request: a department asked for again (nested selections) costs no query.
    const all = catalogueRows(ctx).ofDepartment.get(department.id);
    return all instanceof Promise ? all.then(mine) : mine(all);
  }

  @FieldResolver(() => [DepartmentMember], {
    description: 'Its members, by name, for its own staff and admins (a supervisor picks a manager here); empty for everyone else.',
  })
  @Extensions(listBound('membersPerDepartment'))
  async members(@Root() department: DepartmentRecord, @Ctx() ctx: RequestContext): Promise<DepartmentMember[]> {
    if (!canSeeDepartmentInternals(ctx.viewer, department.id)) return [];
    return catalogueLoaders(ctx).members.load(department.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Where new-ticket alerts go: for its staff and admins only, null for others.',
  })
  alertEmail(@Root() department: DepartmentRecord, @Ctx() { viewer }: RequestContext): string | null {
    return canSeeDepartmentInternals(viewer, department.id) ? department.alertEmail : null;
  }

  @Mutation(() => Department)
  async createDepartment(@Arg('input') input: CreateDepartmentInput, @Ctx() { em, viewer }: RequestContext): Promise<Department> {
    assertAdmin(viewer);
    return catalogue.createDepartment(em, input);
  }

  @Mutation(() => Department, { description: "Admins change everything; supervisors their department's settings." })
  async updateDepartment(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateDepartmentInput,
    @Ctx() { em, viewer }: RequestContext,
  ): Promise<Department> {
    const department = await findDepartment({ em }, id);
    assertMayUpdateDepartment(viewer, department.id, input);
    return catalogue.updateDepartment(em, department, input);
  }

  @Mutation(() => DepartmentMember, { description: 'Adds a member or changes their role, availability, alerts.' })
  async saveDepartmentMember(@Arg('input') input: DepartmentMemberInput, @Ctx() ctx: RequestContext): Promise<DepartmentMember> {
    const department = await findDepartment(ctx, input.departmentId);
    assertRunsDepartment(ctx.viewer, department.id);
    return catalogue.saveMember(ctx.em, department, input);
  }

  @Mutation(() => Boolean)
  async removeDepartmentMember(
    @Arg('departmentId', () => ID) departmentId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    const department = await findDepartment(ctx, departmentId);
    assertRunsDepartment(ctx.viewer, department.id);
    const removed = await ctx.em.nativeDelete(DepartmentMember, { department, user: parseId('User', userId) });
    return removed > 0;
  }
}

/** Categories: the wizard's step 1, their tree, and administration. */
@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'Enabled categories one may file in; the filter matches the path, ignoring case and accents.' })
  @Extensions(listBound('categories'))
  async categories(
    @Arg('filter', () => String, { nullable: true }) filter: string | null,
    @Ctx() { em }: RequestContext,
  ): Promise<Category[]> {
    return catalogue.fileableCategories(em, filter);
  }

  @FieldResolver(() => Department)
  department(@Root() category: CategoryRecord, @Ctx() ctx: RequestContext): DepartmentRecord | Promise<DepartmentRecord> {
    return related(category.department, catalogueRows(ctx).departments);
  }

  @FieldResolver(() => Category, { nullable: true })
  parent(@Root() category: CategoryRecord, @Ctx() ctx: RequestContext): CategoryRecord | Promise<CategoryRecord> | null {
    return category.parent ? related(category.parent, catalogueRows(ctx).categories) : null;
  }

  @FieldResolver(() => [Category])
  @Extensions(listBound('childrenPerCategory'))
  async children(@Root() category: CategoryRecord, @Ctx() ctx: RequestContext): Promise<CategoryRecord[]> {
    const children = await catalogueRows(ctx).children.load(category.id);
    return children.filter((c) => c.enabled && !c.hidden).sort((a, b) => a.position - b.position || a.label.localeCompare(b.label));
  }

  @FieldResolver(() => [Faq], { description: "Its FAQ entries and its ancestors', as faqs(categoryId:) gives them." })
  @Extensions(listBound('faqsPerCategory'))
  async faqs(@Root() category: CategoryRecord, @Ctx() ctx: RequestContext): Promise<Faq[]> {
    return catalogueLoaders(ctx).faqs.load(category.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Where its new-ticket alerts go: for its department's staff and admins only.",
  })
  alertEmail(@Root() category: CategoryRecord, @Ctx() { viewer }: RequestContext): string | null {
    return canSeeDepartmentInternals(viewer, category.department.id) ? category.alertEmail : null;
  }

  @Mutation(() => Category)
  async createCategory(@Arg('input') input: CreateCategoryInput, @Ctx() ctx: RequestContext): Promise<Category> {
    const department = await findDepartment(ctx, input.departmentId);
    assertRunsDepartment(ctx.viewer, department.id);
    return catalogue.createCategory(ctx.em, department, input);
  }

  @Mutation(() => Category, { description: 'Renames, moves in the tree, disables or hides a category; its tickets stay.' })
  async updateCategory(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: CategoryFieldsInput,
    @Ctx() { em, viewer }: RequestContext,
  ): Promise<Category> {
    const category = await em.findOne(Category, { id: parseId('Category', id) });
    if (!category) throw new NotFoundError('Category', id);
    assertRunsDepartment(viewer, category.department.id);
    return catalogue.updateCategory(em, category, input);
  }
}

/** FAQ entries: read by everyone, written by supervisors and admins. */
@Resolver(() => Faq)
export class FaqResolver {
  @Query(() => [Faq], { description: 'FAQ entries, of one category (and its ancestors) and/or matching a search.' })
  @Extensions(listBound('faqs'))
  async faqs(
    @Arg('categoryId', () => ID, { nullable: true }) categoryId: string | null,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Ctx() { em }: RequestContext,
  ): Promise<Faq[]> {
    return findFaqs(em, categoryId, search);
  }

  @Mutation(() => Faq)
  async createFaq(
    @Arg('departmentId', () => ID) departmentId: string,
    @Arg('input') input: FaqInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Faq> {
    const department = await findDepartment(ctx, departmentId);
    assertRunsDepartment(ctx.viewer, department.id);
    return catalogue.saveFaq(ctx.em, department, null, input);
  }

  @Mutation(() => Faq)
  async updateFaq(@Arg('id', () => ID) id: string, @Arg('input') input: FaqInput, @Ctx() { em, viewer }: RequestContext): Promise<Faq> {
    const faq = await em.findOne(Faq, { id: parseId('Faq', id) }, { populate: ['department'] });
    if (!faq) throw new NotFoundError('Faq', id);
    assertRunsDepartment(viewer, faq.department.id);
    return catalogue.saveFaq(em, faq.department.getEntity(), faq, input);
  }
}

async function findDepartment({ em }: Pick<RequestContext, 'em'>, id: string): Promise<Department> {
  const department = await em.findOne(Department, { id: parseId('Department', id) });
  if (!department) throw new NotFoundError('Department', id);
  return department;
}
