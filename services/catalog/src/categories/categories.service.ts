import { Injectable } from '@nestjs/common';
import { CatalogCache } from '../cache/cache.service.js';
import { SingleFlight } from '../cache/single-flight.js';
import { contentEtag } from '../products/http-caching.js';
import type { CategoryList } from '../products/products.schema.js';
import { CategoryNotFoundError, CategorySlugTakenError } from '../products/products.errors.js';
import type { CreateCategoryRequest } from './categories.schema.js';
import type { CategoryDocument } from './category.entity.js';
import { CategoriesRepository } from './categories.repository.js';

export interface ListedCategories {
  list: CategoryList;
  etag: string;
}

const CATEGORIES_KEY = 'categories';

/**
 * The category tree, cache-aside. An admin create (the demo seed's way in) drops the cached
 * tree; HTTP caches may still show the old one for its max-age (60 s).
 */
@Injectable()
export class CategoriesService {
  private readonly flights = new SingleFlight();

  constructor(
    private readonly categories: CategoriesRepository,
    private readonly cache: CatalogCache,
  ) {}

  /** A new category; its parent (by slug) must exist, its slug must be new. */
  async create(request: CreateCategoryRequest): Promise<CategoryView> {
    const parent = request.parent ? await this.categories.findBySlug(request.parent) : null;
    if (request.parent && !parent) throw new CategoryNotFoundError(request.parent);
    const created = await this.categories.insert(request, parent);
    if (!created) throw new CategorySlugTakenError(request.slug);
    await this.cache.del([CATEGORIES_KEY]);
    return toCategoryView(created);
  }

  list(): Promise<ListedCategories> {
    return this.flights.run(CATEGORIES_KEY, async () => {
      const cached = await this.cache.get<ListedCategories>('categories', CATEGORIES_KEY);
      if (cached) return cached;
      const list = { items: (await this.categories.findAll()).map(toCategoryView) };
      const listed = { list, etag: contentEtag(list) };
      await this.cache.set(CATEGORIES_KEY, listed);
      return listed;
    });
  }
}

export type CategoryView = CategoryList['items'][number];

export function toCategoryView(category: CategoryDocument): CategoryView {
  return {
    id: category._id.toHexString(),
    name: category.name,
    slug: category.slug,
    ...(category.parentId && { parentId: category.parentId.toHexString() }),
  };
}
