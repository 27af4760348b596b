import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogProduct } from '../src/products/products.schema.js';
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
import { call, expectProblem } from './support/http.js';
import { createProduct, newProductRequest } from './support/products.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('bad input: 4xx problem+json, never a 5xx', () => {
  let auth: TestAuth;
  let catalog: RunningCatalog;
  let db: Connection;
  let admin: string;
  let mugs: string;
  let product: CatalogProduct;
  let cursor: string;

  beforeAll(async () => {
    auth = await TestAuth.start();
    const config = testConfig(testEnvironment('catalog_input', auth.jwksUrl));
    db = await openDatabase(config);
    await seedCatalog(db, { products: 3 });
    catalog = await startCatalog(config);
    admin = await auth.token(['admin']);
    const { body } = await call<{ items: { id: string; slug: string }[] }>(
      `${catalog.url}/categories`,
    );
    mugs = body.items.find((category) => category.slug === 'mugs-and-cups')!.id;
    product = await createProduct(catalog.url, admin, newProductRequest(mugs));
    const page = await call<{ nextCursor: string }>(
      `${catalog.url}/products?sort=price_asc&limit=1`,
    );
    cursor = page.body.nextCursor;
  });

  afterAll(async () => {
    await catalog?.close();
    await cleanUp(catalog.config, db);
    await auth?.close();
  });

  it.each([
    ['an unknown sort', 'sort=cheapest', 'REQUEST.VALIDATION'],
    ['a negative price', 'minPrice=-1', 'REQUEST.VALIDATION'],
    ['a price that is not a number', 'maxPrice=ten', 'REQUEST.VALIDATION'],
    ['a price in exponent form', 'maxPrice=1e3', 'REQUEST.VALIDATION'],
    ['an inverted price range', 'minPrice=500&maxPrice=100', 'REQUEST.VALIDATION'],
    ['a huge limit', 'limit=1000', 'REQUEST.VALIDATION'],
    ['a zero limit', 'limit=0', 'REQUEST.VALIDATION'],
    ['a repeated parameter', 'limit=5&limit=6', 'REQUEST.VALIDATION'],
    ['an unknown parameter', 'colour=blue', 'REQUEST.VALIDATION'],
    ['an empty query', 'q=%20%20', 'REQUEST.VALIDATION'],
    ['too many query words', 'q=a%20b%20c%20d%20e%20f%20g', 'CATALOG.QUERY_TOO_LONG'],
    ['a cursor that is not base64url', 'cursor=%3F%3F%3F', 'CATALOG.INVALID_CURSOR'],
    [
      'a cursor that is not JSON',
      `cursor=${Buffer.from('nope').toString('base64url')}`,
      'CATALOG.INVALID_CURSOR',
    ],
    [
      'a cursor with a bad id',
      `cursor=${encode({ s: 'newest', k: 1, id: '$gt', f: 'x' })}`,
      'CATALOG.INVALID_CURSOR',
    ],
    [
      'a cursor with an operator for a key',
      `cursor=${encode({ s: 'newest', k: { $gt: 0 }, id: 'a'.repeat(24), f: 'x' })}`,
      'CATALOG.INVALID_CURSOR',
    ],
    ['a too long cursor', `cursor=${'A'.repeat(600)}`, 'REQUEST.VALIDATION'],
  ])('GET /products with %s', async (_what, query, code) => {
    expectProblem(await call(`${catalog.url}/products?${query}`), 400, code);
  });

  it('refuses a real cursor on another sort or other filters', async () => {
    expect(
      (await call(`${catalog.url}/products?sort=price_asc&limit=1&cursor=${cursor}`)).status,
    ).toBe(200);
    expectProblem(
      await call(`${catalog.url}/products?sort=name&cursor=${cursor}`),
      400,
      'CATALOG.INVALID_CURSOR',
    );
    expectProblem(
      await call(`${catalog.url}/products?sort=price_asc&minPrice=1&cursor=${cursor}`),
      400,
      'CATALOG.INVALID_CURSOR',
    );
  });

  it.each([
    ['an id or slug with capitals and symbols', 'Not_A-Slug!', 400, 'REQUEST.VALIDATION'],
    ['an unknown slug', 'no-such-product', 404, 'CATALOG.PRODUCT_NOT_FOUND'],
    ['an unknown id', '0123456789abcdef01234567', 404, 'CATALOG.PRODUCT_NOT_FOUND'],
  ])('GET /products/:idOrSlug with %s', async (_what, idOrSlug, status, code) => {
    expectProblem(
      await call(`${catalog.url}/products/${encodeURIComponent(idOrSlug)}`),
      status,
      code,
    );
  });

  const create = (body: unknown, headers?: Record<string, string>) =>
    call(`${catalog.url}/admin/products`, { method: 'POST', token: admin, body, headers });

  it.each([
    ['an unknown field', { discount: 10 }, 'REQUEST.VALIDATION'],
    ['a negative price', { price: { amount: -1, currency: 'EUR' } }, 'REQUEST.VALIDATION'],
    ['a price as a string', { price: { amount: '10', currency: 'EUR' } }, 'REQUEST.VALIDATION'],
    ['a fractional price', { price: { amount: 9.99, currency: 'EUR' } }, 'REQUEST.VALIDATION'],
    ['a lowercase SKU', { sku: 'mug-1' }, 'REQUEST.VALIDATION'],
    ['a name of the wrong type', { name: 42 }, 'REQUEST.VALIDATION'],
    ['a too long name', { name: 'x'.repeat(201) }, 'REQUEST.VALIDATION'],
    ['an image that is not a web URL', { images: ['javascript:alert(1)'] }, 'REQUEST.VALIDATION'],
    ['attributes that are not strings', { attributes: { colour: 1 } }, 'REQUEST.VALIDATION'],
    ['an attribute key with an operator', { attributes: { $where: 'x' } }, 'REQUEST.VALIDATION'],
    [
      'an id-shaped but unknown category',
      { categoryId: '0123456789abcdef01234567' },
      'CATALOG.CATEGORY_NOT_FOUND',
    ],
    ['a category that is no id', { categoryId: 'kitchen' }, 'CATALOG.CATEGORY_NOT_FOUND'],
    [
      'another currency',
      { price: { amount: 100, currency: 'USD' } },
      'CATALOG.CURRENCY_NOT_SUPPORTED',
    ],
  ])('POST /admin/products with %s', async (_what, override, code) => {
    const answer = await create(newProductRequest(mugs, override));
    expectProblem(answer, code.startsWith('REQUEST') ? 400 : 422, code);
  });

  it('refuses malformed JSON, a missing body and an array body', async () => {
    expectProblem(await create('{"sku":'), 400, 'REQUEST.MALFORMED_JSON');
    expectProblem(
      await call(`${catalog.url}/admin/products`, { method: 'POST', token: admin }),
      400,
      'REQUEST.VALIDATION',
    );
    expectProblem(await create([newProductRequest(mugs)]), 400, 'REQUEST.VALIDATION');
  });

  const patch = (id: string, body: unknown, ifMatch?: string) =>
    call(`${catalog.url}/admin/products/${id}`, {
      method: 'PATCH',
      token: admin,
      body,
      headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
    });

  it('refuses bad updates', async () => {
    expectProblem(await patch(product.id, { name: 'x' }), 428, 'REQUEST.PRECONDITION_REQUIRED');
    expectProblem(
      await patch(product.id, { name: 'x' }, '*'),
      428,
      'REQUEST.PRECONDITION_REQUIRED',
    );
    expectProblem(await patch(product.id, { name: 'x' }, 'W/"1"'), 400, 'CATALOG.INVALID_IF_MATCH');
    expectProblem(await patch(product.id, { name: 'x' }, '1'), 400, 'CATALOG.INVALID_IF_MATCH');
    expectProblem(await patch(product.id, {}, '"1"'), 400, 'REQUEST.VALIDATION');
    expectProblem(await patch(product.id, { sku: 'NEW-SKU' }, '"1"'), 400, 'REQUEST.VALIDATION');
    expectProblem(
      await patch(product.id, { status: 'archived' }, '"1"'),
      400,
      'REQUEST.VALIDATION',
    );
    expectProblem(await patch('not-an-id', { name: 'x' }, '"1"'), 400, 'REQUEST.VALIDATION');
    expectProblem(
      await patch('0123456789abcdef01234567', { name: 'x' }, '"1"'),
      404,
      'CATALOG.PRODUCT_NOT_FOUND',
    );
    expectProblem(await patch(product.id, { name: 'x' }, '"9"'), 412, 'CATALOG.VERSION_MISMATCH');
    const unchanged = await call<CatalogProduct>(`${catalog.url}/admin/products/${product.id}`, {
      token: admin,
    });
    expect(unchanged.body).toMatchObject({ version: 1, name: product.name });
  });

  it('answered no request with a 5xx', () => {
    expect(unexpectedFailures(catalog)).toEqual([]);
  });
});
