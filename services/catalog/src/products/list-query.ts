import { Types, type QueryFilter } from 'mongoose';
import type { ProductSort } from '@shop/contracts';
import type { CursorPosition } from './cursor.js';
import type { ProductDocument } from './product.entity.js';

type Filter = QueryFilter<ProductDocument>;
type SortSpec = Record<string, 1 | -1>;

/** What narrows a listing, already resolved (category subtree ids, normalized query tokens). */
export interface ListFilters {
  tokens: string[];
  /** The category and its descendants; undefined for no category filter. */
  categoryIds?: Types.ObjectId[];
  minPrice?: number;
  maxPrice?: number;
}

/** Only active products, every query token among the search terms, category and price range. */
export function baseFilter(filters: ListFilters): Filter {
  const filter: Record<string, unknown> = { status: 'active' };
  if (filters.tokens.length > 0) filter.searchTerms = { $all: filters.tokens };
  if (filters.categoryIds) filter.categoryId = { $in: filters.categoryIds };
  const price: Record<string, number> = {};
  if (filters.minPrice !== undefined) price.$gte = filters.minPrice;
  if (filters.maxPrice !== undefined) price.$lte = filters.maxPrice;
  if (Object.keys(price).length > 0) filter['price.amount'] = price;
  return filter;
}

/** The keyed sorts; `relevance` pages bucket by bucket instead (see {@link relevanceBucket}). */
export type KeyedSort = Exclude<ProductSort, 'relevance'>;

interface SortShape {
  field: string;
  direction: 1 | -1;
  keyOf: (product: ProductDocument) => number | string;
  toField: (key: number | string) => unknown;
}

/**
 * Each sort is a (key, _id) pair in one direction, so it is exactly an index read forwards or
 * backwards (`product.entity.ts`), and a page continues strictly after the last (key, _id) seen.
 */
const shapes: Record<KeyedSort, SortShape> = {
  price_asc: {
    field: 'price.amount',
    direction: 1,
    keyOf: (p) => p.price.amount,
    toField: (k) => k,
  },
  price_desc: {
    field: 'price.amount',
    direction: -1,
    keyOf: (p) => p.price.amount,
    toField: (k) => k,
  },
  name: { field: 'nameKey', direction: 1, keyOf: (p) => p.nameKey, toField: (k) => k },
  newest: {
    field: 'createdAt',
    direction: -1,
    keyOf: (p) => p.createdAt.getTime(),
    toField: (k) => new Date(k),
  },
};

export function sortSpec(sort: KeyedSort): SortSpec {
  const { field, direction } = shapes[sort];
  return { [field]: direction, _id: direction };
}

export function sortKeyOf(sort: KeyedSort, product: ProductDocument): number | string {
  return shapes[sort].keyOf(product);
}

/** Products strictly after `position` in `sort` order. */
export function afterPosition(sort: KeyedSort, position: CursorPosition): Filter {
  const { field, direction, toField } = shapes[sort];
  const beyond = direction === 1 ? '$gt' : '$lt';
  const key = toField(position.key);
  const id = new Types.ObjectId(position.id);
  return {
    $or: [{ [field]: { [beyond]: key } }, { [field]: key, _id: { [beyond]: id } }],
  };
}

/**
 * Relevance is the number of query tokens found among the name's terms. MongoDB could compute it
 * in an aggregation, FerretDB cannot (`$size`, `$setIntersection` are missing), and computing it
 * in code would need every match in memory. So the listing walks score buckets from the highest
 * down, each an indexed query sorted by _id: the products with exactly `score` tokens in the
 * name are those whose name terms hold some `score` of the tokens and none of the others.
 */
export function relevanceBucket(tokens: string[], score: number): Filter {
  if (score === 0) return { nameTerms: { $nin: tokens } };
  const clauses = subsetsOfSize(tokens, score).map((chosen) => {
    const others = tokens.filter((token) => !chosen.includes(token));
    return others.length === 0
      ? { nameTerms: { $all: chosen } }
      : { nameTerms: { $all: chosen, $nin: others } };
  });
  return clauses.length === 1 ? clauses[0] : { $or: clauses };
}

/** The relevance of a product for `tokens` (what {@link relevanceBucket} selects by). */
export function relevanceOf(tokens: string[], nameTerms: readonly string[]): number {
  const terms = new Set(nameTerms);
  return tokens.filter((token) => terms.has(token)).length;
}

export function subsetsOfSize<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [
    ...subsetsOfSize(rest, size - 1).map((subset) => [first, ...subset]),
    ...subsetsOfSize(rest, size),
  ];
}
