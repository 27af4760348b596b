import { Inject, Injectable } from '@nestjs/common';
import type { Money } from '@shop/contracts';
import { CatalogCache } from '../cache/cache.service.js';
import { CategoriesRepository, isObjectIdHex } from '../categories/categories.repository.js';
import { CATALOG_CONFIG, type CatalogConfig } from '../config/catalog.config.js';
import { ProductWriteLock } from '../database/database.module.js';
import { PendingEventsRelay } from '../outbox/pending-events.relay.js';
import { pendingEventFor, type WriteContext } from './product.event.js';
import type { ProductDocument } from './product.entity.js';
import {
  archivedProduct,
  changedProduct,
  newProduct,
  slugify,
  type ProductChanges,
} from './product-document.js';
import { toProductView } from './product-view.js';
import {
  CategoryNotFoundError,
  CurrencyNotSupportedError,
  EventBacklogError,
  ProductNotFoundError,
  SkuTakenError,
  SlugTakenError,
  VersionMismatchError,
} from './products.errors.js';
import { ProductsRepository } from './products.repository.js';
import type {
  CatalogProduct,
  CreateProductRequest,
  UpdateProductRequest,
} from './products.schema.js';
import { productKey, slugKey } from './products.service.js';

/**
 * Admin writes. Each is one atomic single-document write that carries its event
 * (`pendingEvents`), guarded by the version the admin read; then the cache is invalidated and
 * the relay nudged.
 */
@Injectable()
export class AdminProductsService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly categories: CategoriesRepository,
    private readonly cache: CatalogCache,
    private readonly relay: PendingEventsRelay,
    private readonly writeLock: ProductWriteLock,
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
  ) {}

  /** Any product, archived ones included, straight from MongoDB. */
  async get(id: string): Promise<CatalogProduct> {
    return toProductView(await this.current(id));
  }

  async create(request: CreateProductRequest, context: WriteContext): Promise<CatalogProduct> {
    this.checkCurrency(request.price);
    const categoryId = await this.categoryId(request.categoryId);
    const slug = request.slug ?? slugify(request.name);
    const product = newProduct({ ...request, slug, categoryId }, new Date());
    product.pendingEvents = [pendingEventFor('product.created', product, context)];
    product.pendingSince = product.createdAt;
    if ((await this.products.insert(product)) === 'duplicate') {
      throw (await this.products.existsWithSku(request.sku))
        ? new SkuTakenError(request.sku)
        : new SlugTakenError(slug);
    }
    await this.afterWrite(product);
    return toProductView(product);
  }

  update(
    id: string,
    acceptedVersions: number[],
    request: UpdateProductRequest,
    context: WriteContext,
  ): Promise<CatalogProduct> {
    // Read, check and write as one step per product (see ProductWriteLock).
    return this.writeLock.run(id, () => this.applyUpdate(id, acceptedVersions, request, context));
  }

  private async applyUpdate(
    id: string,
    acceptedVersions: number[],
    request: UpdateProductRequest,
    context: WriteContext,
  ): Promise<CatalogProduct> {
    const current = await this.current(id);
    this.checkVersion(current, acceptedVersions);
    if (request.price) this.checkCurrency(request.price);
    const changes: ProductChanges = { ...request, categoryId: undefined };
    if (request.categoryId !== undefined)
      changes.categoryId = await this.categoryId(request.categoryId);
    const next = changedProduct(current, changes, new Date());
    await this.replace(current, next, 'product.updated', context);
    return toProductView(next);
  }

  /** Withdraws a product from sale; archiving an archived product changes nothing. */
  archive(
    id: string,
    acceptedVersions: number[] | undefined,
    context: WriteContext,
  ): Promise<CatalogProduct> {
    return this.writeLock.run(id, () => this.applyArchive(id, acceptedVersions, context));
  }

  private async applyArchive(
    id: string,
    acceptedVersions: number[] | undefined,
    context: WriteContext,
  ): Promise<CatalogProduct> {
    const current = await this.current(id);
    if (acceptedVersions) this.checkVersion(current, acceptedVersions);
    if (current.status === 'archived') return toProductView(current);
    const next = archivedProduct(current, new Date());
    await this.replace(current, next, 'product.archived', context);
    return toProductView(next);
  }

  private async replace(
    current: ProductDocument,
    next: ProductDocument,
    type: 'product.updated' | 'product.archived',
    context: WriteContext,
  ): Promise<void> {
    const event = pendingEventFor(type, next, context);
    const outcome = await this.products.replace(current.version, next, event);
    if (outcome === 'duplicate') throw new SlugTakenError(next.slug);
    if (outcome === 'missed') throw await this.whyMissed(current);
    await this.afterWrite(next, current.slug);
  }

  /** The conditional update matched nothing: the product is gone, has moved on, or is backlogged. */
  private async whyMissed(expected: ProductDocument): Promise<Error> {
    const id = expected._id.toHexString();
    const now = await this.products.findById(id);
    if (!now) return new ProductNotFoundError(id);
    if (now.version !== expected.version) return new VersionMismatchError(id, now.version);
    return new EventBacklogError(id);
  }

  /**
   * Invalidation after the write, so a reader can only cache the new version from now on: the
   * product's entry becomes a tombstone at the new version, slug mappings go, and the list
   * generation moves on. A Redis failure here leaves entries that expire within the TTL.
   */
  private async afterWrite(product: ProductDocument, previousSlug?: string): Promise<void> {
    const id = product._id.toHexString();
    const slugs = [...new Set([product.slug, previousSlug ?? product.slug])];
    await Promise.all([
      this.cache.invalidateVersioned([productKey(id)], product.version),
      this.cache.del(slugs.map(slugKey)),
      this.cache.bumpListGeneration(),
    ]);
    this.relay.nudge();
  }

  private async current(id: string): Promise<ProductDocument> {
    const product = await this.products.findById(id);
    if (!product) throw new ProductNotFoundError(id);
    return product;
  }

  private checkVersion(product: ProductDocument, accepted: number[]): void {
    if (!accepted.includes(product.version)) {
      throw new VersionMismatchError(product._id.toHexString(), product.version);
    }
  }

  private checkCurrency(price: Money): void {
    if (price.currency !== this.config.STORE_CURRENCY) {
      throw new CurrencyNotSupportedError(price.currency, this.config.STORE_CURRENCY);
    }
  }

  private async categoryId(id: string) {
    const category = isObjectIdHex(id) ? await this.categories.findById(id) : null;
    if (!category) throw new CategoryNotFoundError(id);
    return category._id;
  }
}
