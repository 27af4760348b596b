import { Injectable } from '@nestjs/common';
import { CatalogCache } from '../cache/cache.service.js';
import { SingleFlight } from '../cache/single-flight.js';
import { contentEtag } from '../products/http-caching.js';
import type { CategoryList } from '../products/products.schema.js';
import type { CategoryDocument } from './category.entity.js';
import { CategoriesRepository } from './categories.repository.js';

export interface ListedCategories {
  list: CategoryList;
  etag: string;
}

const CATEGORIES_KEY = 'categories';

/**
 * The category tree, cache-aside. Categories change only through the seed, which runs beside
 * the service, so the cached tree is not invalidated: it is at most one TTL old.
 */
@Injectable()
export class CategoriesService {
  private readonly flights = new SingleFlight();

  constructor(
    private readonly categories: CategoriesRepository,
    private readonly cache: CatalogCache,
  ) {}

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

function toCategoryView(category: CategoryDocument) {
  return {
    id: category._id.toHexString(),
    name: category.name,
    slug: category.slug,
    ...(category.parentId && { parentId: category.parentId.toHexString() }),
  };
}
