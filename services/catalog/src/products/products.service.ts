import { Injectable } from '@nestjs/common';
import type { ProductListQuery, ProductSort } from '@shop/contracts';
import { CatalogCache } from '../cache/cache.service.js';
import { SingleFlight } from '../cache/single-flight.js';
import { CategoriesRepository, isObjectIdHex } from '../categories/categories.repository.js';
import { decodeCursor, encodeCursor, filterHash, type CursorPosition } from './cursor.js';
import { contentEtag } from './http-caching.js';
import type { ListFilters } from './list-query.js';
import { toProductView } from './product-view.js';
import { ProductNotFoundError, QueryTooLongError } from './products.errors.js';
import { ProductsRepository } from './products.repository.js';
import type { CatalogProduct, CatalogProductPage } from './products.schema.js';
import { MAX_QUERY_TOKENS, queryTokens } from './search-terms.js';

/** A list page with its entity tag, cached together. */
export interface ListedProducts {
  page: CatalogProductPage;
  etag: string;
}

export const productKey = (id: string) => `product:${id}`;
export const slugKey = (slug: string) => `slug:${slug}`;

/**
 * Storefront reads, cache-aside: Redis first, MongoDB on a miss, one MongoDB load per key at a
 * time in this process ({@link SingleFlight}). Products are cached by id with their version;
 * slugs map to ids (checked on use, so a stale mapping can never serve the wrong product); list
 * pages are cached under the list generation that every write raises.
 */
@Injectable()
export class ProductsService {
  private readonly flights = new SingleFlight();

  constructor(
    private readonly products: ProductsRepository,
    private readonly categories: CategoriesRepository,
    private readonly cache: CatalogCache,
  ) {}

  /** An active product by id or slug; archived ones are not found by the storefront. */
  async getActive(idOrSlug: string): Promise<CatalogProduct> {
    let product = isObjectIdHex(idOrSlug) ? await this.byId(idOrSlug) : undefined;
    // A slug may look like an id (24 hex digits); an id that names nothing may still be a slug.
    product ??= await this.bySlug(idOrSlug);
    if (product?.status !== 'active') throw new ProductNotFoundError(idOrSlug);
    return product;
  }

  async list(query: ProductListQuery): Promise<ListedProducts> {
    const tokens = query.q === undefined ? [] : queryTokens(query.q);
    if (tokens.length > MAX_QUERY_TOKENS) throw new QueryTooLongError(MAX_QUERY_TOKENS);
    // Without words to rank by, "relevance" means newest first.
    const sort: ProductSort =
      query.sort === 'relevance' && tokens.length === 0 ? 'newest' : query.sort;
    const filters = {
      q: query.q === undefined ? null : tokens,
      category: query.category ?? null,
      minPrice: query.minPrice ?? null,
      maxPrice: query.maxPrice ?? null,
      sort,
    };
    const hash = filterHash(filters);
    // Checked before any cache: a bad cursor is a 400 whether or not its page is cached.
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, sort, hash);
    const pageKey = filterHash({ hash, limit: query.limit, cursor: query.cursor ?? null });
    return this.cachedPage(pageKey, () => this.loadPage(query, tokens, sort, hash, after));
  }

  /** A list page under the current list generation; straight from MongoDB when Redis cannot say. */
  private async cachedPage(
    pageKey: string,
    load: () => Promise<ListedProducts>,
  ): Promise<ListedProducts> {
    const generation = await this.cache.listGeneration();
    if (generation === undefined) return this.flights.run(`list:${pageKey}`, load);
    const key = `list:${generation}:${pageKey}`;
    return this.flights.run(key, async () => {
      const cached = await this.cache.get<ListedProducts>('list', key);
      if (cached) return cached;
      const listed = await load();
      await this.cache.set(key, listed);
      return listed;
    });
  }

  private byId(id: string): Promise<CatalogProduct | undefined> {
    return this.flights.run(productKey(id), async () => {
      const cached = await this.cache.getVersioned<CatalogProduct>('product', productKey(id));
      if (cached) return cached;
      const found = await this.products.findById(id);
      if (!found) return undefined;
      const product = toProductView(found);
      await this.cache.setVersioned(productKey(id), product.version, product);
      return product;
    });
  }

  private bySlug(slug: string): Promise<CatalogProduct | undefined> {
    return this.flights.run(slugKey(slug), async () => {
      const id = await this.cache.get<string>('slug', slugKey(slug));
      const viaId = id === undefined ? undefined : await this.byId(id);
      if (viaId?.slug === slug) return viaId;
      const found = await this.products.findBySlug(slug);
      if (!found) return undefined;
      const product = toProductView(found);
      await Promise.all([
        this.cache.set(slugKey(slug), product.id),
        this.cache.setVersioned(productKey(product.id), product.version, product),
      ]);
      return product;
    });
  }

  private async loadPage(
    query: ProductListQuery,
    tokens: string[],
    sort: ProductSort,
    hash: string,
    after: CursorPosition | undefined,
  ): Promise<ListedProducts> {
    const filters = await this.resolveFilters(query, tokens);
    if (!filters) return listed({ items: [], nextCursor: null });
    const found = await this.products.listPage({ filters, sort, after, limit: query.limit });
    const last = found.products.at(-1);
    return listed({
      items: found.products.map(({ product }) => toProductView(product)),
      nextCursor: found.hasMore && last ? encodeCursor(sort, last.position, hash) : null,
    });
  }

  /** Undefined when nothing can match: an unknown category, or a query without any word. */
  private async resolveFilters(
    query: ProductListQuery,
    tokens: string[],
  ): Promise<ListFilters | undefined> {
    if (query.q !== undefined && tokens.length === 0) return undefined;
    const filters: ListFilters = { tokens, minPrice: query.minPrice, maxPrice: query.maxPrice };
    if (query.category !== undefined) {
      filters.categoryIds = await this.categories.subtreeIds(query.category);
      if (filters.categoryIds.length === 0) return undefined;
    }
    return filters;
  }
}

function listed(page: CatalogProductPage): ListedProducts {
  return { page, etag: contentEtag(page) };
}
