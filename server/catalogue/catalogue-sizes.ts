import type { MikroORM } from '@mikro-orm/postgresql';
import { CATALOGUE_SIZES, type CatalogueSize, type CatalogueSizesSource, type CatalogueSnapshot } from '../limits/list-bounds.js';

/** How old the sizes may be before they are read again (in the background: nobody waits for it). */
const MAX_AGE_MS = 5_000;

/** Marks the sizes' statement, which belongs to no request (test/query-count.ts leaves it out of a request's count). */
export const SIZES_STATEMENT = '/* catalogue sizes */';

// Every size in one statement over the catalogue's small tables (a few hundred rows: about a millisecond).
const SIZES_SQL = `${SIZES_STATEMENT}
  with recursive up as (
    select id as category_id, id as ancestor_id, parent_id from category
    union select up.category_id, c.id, c.parent_id from category c join up on c.id = up.parent_id)
  select
    (select count(*) from department)::int as "departments",
    (select count(*) from category)::int as "categories",
    (select count(*) from faq)::int as "faqs",
    (select coalesce(max(n), 0) from (select count(*) as n from category group by department_id) x)::int as "categoriesPerDepartment",
    (select coalesce(max(n), 0) from (select count(*) as n from category where parent_id is not null group by parent_id) x)::int
      as "childrenPerCategory",
    (select coalesce(max(n), 0) from (select count(*) as n from department_member group by department_id) x)::int as "membersPerDepartment",
    (select coalesce(max(n), 0) from (select count(*) as n from department_member_categories group by department_member_id) x)::int
      as "categoriesPerMember",
    (select coalesce(max(n), 0) from (select count(distinct fc.faq_id) as n from up
       join faq_categories fc on fc.category_id = up.ancestor_id group by up.category_id) x)::int as "faqsPerCategory"`;

/**
 * The largest size of each list of the catalogue (departments, a department's categories and members,
 * a category's children and FAQ entries…), as PostgreSQL reports it: the query cost counts these lists
 * at their real size (limits/list-bounds.ts), so 32 categories per department cost 32 each, not a guess.
 * Read once, then again in the background when older than 5 seconds; until the new figures arrive, and
 * while PostgreSQL cannot be reached, the last ones serve (only admins and supervisors grow the catalogue).
 */
export class CatalogueSizes implements CatalogueSizesSource {
  private snapshot: CatalogueSnapshot | undefined;
  private readAt = 0;
  private reading: Promise<CatalogueSnapshot> | undefined;

  constructor(
    private readonly orm: Pick<MikroORM, 'em'>,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly maxAgeMs = MAX_AGE_MS,
  ) {}

  /** The sizes: waited for the first time only. */
  read(): Promise<CatalogueSnapshot> {
    if (!this.snapshot) return (this.reading ??= this.load());
    if (!this.reading && Date.now() - this.readAt >= this.maxAgeMs) {
      this.reading = this.load().catch((err: unknown) => {
        this.onError(err);
        return this.snapshot!;
      });
    }
    return Promise.resolve(this.snapshot);
  }

  private async load(): Promise<CatalogueSnapshot> {
    try {
      const [row] = await this.orm.em.getConnection().execute<Record<CatalogueSize, unknown>[]>(SIZES_SQL);
      const sizes = Object.fromEntries(CATALOGUE_SIZES.map((name) => [name, Number(row[name])])) as Record<CatalogueSize, number>;
      const previous = this.snapshot;
      const same = previous && CATALOGUE_SIZES.every((name) => previous.sizes[name] === sizes[name]);
      if (!same) this.snapshot = { version: (previous?.version ?? 0) + 1, sizes };
      return this.snapshot!;
    } finally {
      this.readAt = Date.now();
      this.reading = undefined;
    }
  }
}
