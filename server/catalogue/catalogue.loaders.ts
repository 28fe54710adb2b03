import DataLoader from 'dataloader';
import { perRequest, type RequestContext } from '../auth/context.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import type { Faq } from '../model/faq.entity.js';
import { faqsByCategory } from './faqs.js';

/** Per-request batch loaders of the catalogue: a page of departments or categories costs one query per kind. */
export interface CatalogueLoaders {
  /** A department's members with their user, by display name. */
  members: DataLoader<number, DepartmentMember[]>;
  /** A category's FAQ entries, its ancestors' included. */
  faqs: DataLoader<number, Faq[]>;
}

/** The request's catalogue loaders (built on first use; they cache for that request only). */
export function catalogueLoaders(ctx: RequestContext): CatalogueLoaders {
  return perRequest(ctx, createCatalogueLoaders);
}

function createCatalogueLoaders({ em }: RequestContext): CatalogueLoaders {
  return {
    members: new DataLoader(async (departmentIds) => {
      const rows = await em.find(
        DepartmentMember,
        { department: { $in: [...departmentIds] } },
        { populate: ['user'], orderBy: { user: { displayName: 'asc' }, id: 'asc' } },
      );
      return departmentIds.map((id) => rows.filter((m) => m.department.id === id));
    }),
    faqs: new DataLoader(async (categoryIds) => {
      const byCategory = await faqsByCategory(em, categoryIds);
      return categoryIds.map((id) => byCategory.get(id) ?? []);
    }),
  };
}
