import { getNullableType, isListType, type GraphQLField } from 'graphql';

/**
 * The largest size of each list of the catalogue, as the database reports it (catalogue/catalogue-sizes.ts
 * reads them): the catalogue is written by admins and supervisors only, so its lists grow slowly, and a
 * bound read a few seconds ago holds.
 */
export const CATALOGUE_SIZES = [
  'departments',
  'categories',
  'faqs',
  'categoriesPerDepartment',
  'childrenPerCategory',
  'membersPerDepartment',
  'categoriesPerMember',
  'faqsPerCategory',
] as const;

/** One size of the catalogue. */
export type CatalogueSize = (typeof CATALOGUE_SIZES)[number];

/** Sizes the configuration sets: the files one request carries (so one history entry), and that entry's changes. */
export type ConfiguredSize = 'filesPerEntry' | 'changesPerEntry';

/** Where a list's bound comes from, when it is not a number written in the code. */
export type ListSize = CatalogueSize | ConfiguredSize;

/** The catalogue's sizes at one moment; `version` changes only when one of them does. */
export interface CatalogueSnapshot {
  version: number;
  sizes: Readonly<Record<CatalogueSize, number>>;
}

/** Where the catalogue's sizes are read from (catalogue/catalogue-sizes.ts: PostgreSQL, cached). */
export interface CatalogueSizesSource {
  read(): Promise<CatalogueSnapshot>;
}

/** The extension key a list field's bound is declared under. */
const KEY = 'listBound';

/**
 * How a list field without `first` declares the most items it returns, for the query cost
 * (query-cost.ts): `@Extensions(listBound(200))` — a maximum its resolver enforces — or
 * `@Extensions(listBound('categoriesPerDepartment'))` — a size the database or the configuration gives.
 */
export function listBound(bound: number | ListSize): Record<string, number | ListSize> {
  return { [KEY]: bound };
}

/** The bound a field declared, if any. */
export function declaredBound(field: GraphQLField<unknown, unknown>): number | ListSize | undefined {
  const bound: unknown = field.extensions[KEY];
  return typeof bound === 'number' || typeof bound === 'string' ? (bound as number | ListSize) : undefined;
}

/** Whether a field returns a list (of anything). */
export function isListField(field: GraphQLField<unknown, unknown>): boolean {
  return isListType(getNullableType(field.type));
}
