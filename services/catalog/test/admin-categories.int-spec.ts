/**
 * POST /admin/categories over HTTP against real FerretDB and Redis: how the demo data set gets
 * its tree through the service (tools and the Helm seed Job never write the catalog's store).
 */
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAuth } from './support/auth.js';
import {
  cleanUp,
  openDatabase,
  startCatalog,
  testConfig,
  testEnvironment,
  type RunningCatalog,
} from './support/catalog-app.js';
import { call, expectProblem } from './support/http.js';

type Category = {
  id: string;
  slug: string;
  name: string;
  parentId?: string;
};

describe('admin categories over HTTP', () => {
  let auth: TestAuth;
  let catalog: RunningCatalog;
  let db: Connection;
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    auth = await TestAuth.start();
    const config = testConfig(testEnvironment('catalog_categories', auth.jwksUrl));
    db = await openDatabase(config);
    catalog = await startCatalog(config);
    admin = await auth.token(['admin'], 'admin-1');
    customer = await auth.token(['customer'], 'customer-1');
  });

  afterAll(async () => {
    await catalog?.close();
    await cleanUp(catalog.config, db);
    await auth?.close();
  });

  const create = (body: unknown, token?: string) =>
    call<Category>(`${catalog.url}/admin/categories`, { method: 'POST', body, token });

  it('creates a tree, parents by slug, and the storefront list shows it at once', async () => {
    // Read first, so a cached empty tree would be what a stale cache serves.
    expect((await call<{ items: Category[] }>(`${catalog.url}/categories`)).body.items).toEqual([]);
    const top = await create({ slug: 'garden', name: 'Garden' }, admin);
    expect(top.status).toBe(201);
    const child = await create({ slug: 'garden-tools', name: 'Tools', parent: 'garden' }, admin);
    expect(child.status).toBe(201);
    expect(child.body).toEqual({
      id: expect.any(String) as unknown,
      slug: 'garden-tools',
      name: 'Tools',
      parentId: top.body.id,
    });
    const listed = await call<{ items: Category[] }>(`${catalog.url}/categories`);
    expect(listed.body.items.map((category) => category.slug)).toEqual(['garden', 'garden-tools']);
    const products = await call(`${catalog.url}/products?category=garden`);
    expect(products.status).toBe(200);
  });

  it('refuses a taken slug (409), an unknown parent (422) and bad input (400)', async () => {
    await create({ slug: 'toys', name: 'Toys' }, admin);
    expectProblem(
      await create({ slug: 'toys', name: 'Again' }, admin),
      409,
      'CATALOG.CATEGORY_SLUG_TAKEN',
    );
    expectProblem(
      await create({ slug: 'dolls', name: 'Dolls', parent: 'no-such' }, admin),
      422,
      'CATALOG.CATEGORY_NOT_FOUND',
    );
    const bad = await create({ slug: 'Not A Slug!', name: '' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expectProblem(
      await create({ slug: 'x', name: 'X', extra: 1 }, admin),
      400,
      'REQUEST.VALIDATION',
    );
  });

  it('is for admins only', async () => {
    expectProblem(await create({ slug: 'a', name: 'A' }), 401, 'AUTH.MISSING_TOKEN');
    expectProblem(await create({ slug: 'a', name: 'A' }, customer), 403, 'AUTH.FORBIDDEN');
  });
});
