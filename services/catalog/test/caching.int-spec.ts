import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogCache } from '../src/cache/cache.service.js';
import { ProductsRepository } from '../src/products/products.repository.js';
import type { CatalogProduct, CatalogProductPage } from '../src/products/products.schema.js';
import { productKey } from '../src/products/products.service.js';
import { seedCatalog } from '../src/seed/seed-catalog.js';
import { TestAuth } from './support/auth.js';
import {
  cleanUp,
  openDatabase,
  startCatalog,
  testConfig,
  testEnvironment,
  unexpectedFailures,
  type RunningCatalog,
} from './support/catalog-app.js';
import { call } from './support/http.js';
import { createProduct, newProductRequest, patchProduct } from './support/products.js';
import { OwnRedis } from './support/redis-server.js';

/** The sum of a counter's series whose labels include `labels`, from the app's /metrics. */
async function counter(managementUrl: string, name: string, labels: string): Promise<number> {
  const { body } = await call<string>(`${managementUrl}/metrics`);
  return body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('Redis cache-aside', () => {
  let auth: TestAuth;
  let redis: OwnRedis;
  let catalog: RunningCatalog;
  let db: Connection;
  let admin: string;
  let product: CatalogProduct;

  beforeAll(async () => {
    auth = await TestAuth.start();
    redis = await OwnRedis.start();
    const config = testConfig({
      ...testEnvironment('catalog_cache', auth.jwksUrl),
      REDIS_URL: redis.url,
    });
    db = await openDatabase(config);
    await seedCatalog(db, { products: 0 });
    catalog = await startCatalog(config);
    admin = await auth.token(['admin']);
    const { body } = await call<{ items: { id: string; slug: string }[] }>(
      `${catalog.url}/categories`,
    );
    const mugs = body.items.find((category) => category.slug === 'mugs-and-cups')!.id;
    product = await createProduct(
      catalog.url,
      admin,
      newProductRequest(mugs, { name: 'Cached Mug' }),
    );
  });

  afterAll(async () => {
    await catalog?.close();
    await redis?.kill();
    await cleanUp(catalog.config, db);
    await auth?.close();
  });

  it('answers with ETag and Cache-Control, and 304 when the client copy is current', async () => {
    const first = await call<CatalogProduct>(`${catalog.url}/products/${product.id}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    const again = await call(`${catalog.url}/products/${product.id}`, {
      headers: { 'if-none-match': '"1"' },
    });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');

    const list = await call(`${catalog.url}/products?q=cached`);
    expect(list.headers.get('cache-control')).toBe('public, max-age=5');
    const etag = list.headers.get('etag')!;
    expect(
      (await call(`${catalog.url}/products?q=cached`, { headers: { 'if-none-match': etag } }))
        .status,
    ).toBe(304);
    const categories = await call(`${catalog.url}/categories`);
    expect(categories.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('serves repeated reads from Redis', async () => {
    const hits = () =>
      counter(
        catalog.managementUrl,
        'catalog_cache_requests_total',
        'cache="product",result="hit"',
      );
    const before = await hits();
    for (let i = 0; i < 5; i++) {
      expect((await call(`${catalog.url}/products/${product.id}`)).status).toBe(200);
    }
    expect(await hits()).toBe(before + 5);
  });

  it('shows an update on the very next read, by id, by slug and in lists', async () => {
    await call(`${catalog.url}/products/${product.slug}`);
    await call(`${catalog.url}/products?q=cached`);
    const updated = await patchProduct(catalog.url, admin, product, {
      name: 'Cached Mug Renamed',
      slug: 'cached-mug-renamed',
    });
    expect(updated.status).toBe(200);
    product = updated.body;

    const byId = await call<CatalogProduct>(`${catalog.url}/products/${product.id}`);
    expect(byId.body).toMatchObject({ name: 'Cached Mug Renamed', version: 2 });
    expect(byId.headers.get('etag')).toBe('"2"');
    expect(
      (await call<CatalogProduct>(`${catalog.url}/products/cached-mug-renamed`)).body.version,
    ).toBe(2);
    expect(
      (await call(`${catalog.url}/products/${updated.body.slug.replace('-renamed', '')}`)).status,
    ).toBe(404);
    const list = await call<CatalogProductPage>(`${catalog.url}/products?q=cached`);
    expect(list.body.items.map((item) => item.name)).toEqual(['Cached Mug Renamed']);
  });

  it('never lets a reader put back a version older than the last write', async () => {
    const cache = catalog.app.get(CatalogCache);
    // A reader that loaded version 1 before the update finishes only now.
    await cache.setVersioned(productKey(product.id), 1, { ...product, version: 1, name: 'Stale' });
    const read = await call<CatalogProduct>(`${catalog.url}/products/${product.id}`);
    expect(read.body).toMatchObject({ name: 'Cached Mug Renamed', version: 2 });
  });

  it('loads a hot product from MongoDB once for many concurrent misses', async () => {
    const updated = await patchProduct(catalog.url, admin, product, {
      price: { amount: 777, currency: 'EUR' },
    });
    product = updated.body;
    const repository = catalog.app.get(ProductsRepository);
    const findById = repository.findById.bind(repository);
    let loads = 0;
    repository.findById = (id: string) => {
      if (id === product.id) loads += 1;
      return findById(id);
    };
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, () =>
          call<CatalogProduct>(`${catalog.url}/products/${product.id}`),
        ),
      );
      expect(answers.every((answer) => answer.body.price.amount === 777)).toBe(true);
    } finally {
      repository.findById = findById;
    }
    // One load per burst of concurrent requests; a slow machine may split the burst in two.
    expect(loads).toBeGreaterThanOrEqual(1);
    expect(loads).toBeLessThanOrEqual(3);
  });

  it('keeps answering from MongoDB when Redis dies, and stays ready', async () => {
    await redis.kill();
    const errors = () => counter(catalog.managementUrl, 'catalog_cache_errors_total', 'operation=');
    const before = await errors();
    for (let i = 0; i < 3; i++) {
      expect((await call(`${catalog.url}/products/${product.id}`)).status).toBe(200);
      expect((await call(`${catalog.url}/products?q=cached`)).status).toBe(200);
      expect((await call(`${catalog.url}/categories`)).status).toBe(200);
    }
    const updated = await patchProduct(catalog.url, admin, product, {
      name: 'Renamed Without Redis',
    });
    expect(updated.status).toBe(200);
    const read = await call<CatalogProduct>(`${catalog.url}/products/${product.id}`);
    expect(read.body).toMatchObject({
      name: 'Renamed Without Redis',
      version: updated.body.version,
    });
    expect((await call(`${catalog.managementUrl}/health/ready`)).status).toBe(200);
    expect(await errors()).toBeGreaterThan(before);
  });

  it('answered no request with a 5xx', () => {
    expect(unexpectedFailures(catalog)).toEqual([]);
  });
});
