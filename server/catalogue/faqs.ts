import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../errors.js';
import { parseId } from '../shared/ids.js';
import { likeContains } from '../shared/sql.js';
import { Category } from '../model/category.entity.js';
import { Faq } from '../model/faq.entity.js';

/**
 * The enabled FAQ entries of each category, its ancestors' included (an entry about "ENT" also covers
 * "ENT - Messagerie"), ordered by title; one query for any number of categories. `Category.faqs` and
 * `faqs(categoryId)` both read through here, so they always agree.
 */
export async function faqsByCategory(em: EntityManager, categoryIds: readonly number[]): Promise<Map<number, Faq[]>> {
  const result = new Map<number, Faq[]>(categoryIds.map((id) => [id, []]));
  if (categoryIds.length === 0) return result;
  const rows = await em.execute<({ category_id: number } & Record<string, unknown>)[]>(
    `with recursive up as (
       select id as category_id, id as ancestor_id, parent_id from category where id in (?)
       union all select up.category_id, c.id, c.parent_id from category c join up on c.id = up.parent_id)
     select distinct up.category_id, f.id, f.department_id, f.title, f.content, f.enabled
     from up join faq_categories fc on fc.category_id = up.ancestor_id join faq f on f.id = fc.faq_id
     where f.enabled order by up.category_id, f.title, f.id`,
    [[...categoryIds]],
  );
  for (const { category_id: categoryId, ...faq } of rows) result.get(categoryId)?.push(em.map(Faq, faq));
  return result;
}

/** `faqs(categoryId, search)`: the entries of an enabled category (ancestors' included) and/or matching a search. */
export async function findFaqs(em: EntityManager, categoryId?: string | null, search?: string | null): Promise<Faq[]> {
  const qb = em.createQueryBuilder(Faq, 'f').select('f.*').where({ enabled: true }).orderBy({ title: 'asc', id: 'asc' });
  if (categoryId) {
    const id = parseId('Category', categoryId);
    if ((await em.count(Category, { id, enabled: true })) === 0) throw new NotFoundError('Category', categoryId);
    const entries = (await faqsByCategory(em, [id])).get(id) ?? [];
    qb.andWhere({ id: { $in: entries.map((f) => f.id) } });
  }
  const text = search?.trim();
  if (text) {
    qb.andWhere(
      `(unaccent(lower(f.title)) like unaccent(lower(?)) or unaccent(lower(regexp_replace(f.content, '<[^>]*>', ' ', 'g'))) like unaccent(lower(?)))`,
      [likeContains(text), likeContains(text)],
    );
  }
  return qb.getResultList();
}
