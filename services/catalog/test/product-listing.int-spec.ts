import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogProduct, CatalogProductPage } from '../src/products/products.schema.js';
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
import { call, type Answer } from './support/http.js';
import { createProduct, newProductRequest } from './support/products.js';

/** A product as the oracle sees it, read straight from MongoDB. */
interface Stored {
  id: string;
  sku: string;
  name: string;
  description: string;
  attributes: string[];
  amount: number;
  createdAt: number;
  categoryId: string;
  status: string;
}

// The oracle: what each listing must return, computed from the stored products with plain code
// that shares nothing with the service's query building.
const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
const words = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
const byId = (a: Stored, b: Stored) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function matchesToken(product: Stored, token: string): boolean {
  const prefixed = [product.name, product.sku, ...product.attributes].flatMap(words);
  return (
    prefixed.some((word) => word.startsWith(token)) || words(product.description).includes(token)
  );
}

function relevance(product: Stored, tokens: string[]): number {
  return tokens.filter((token) => words(product.name).some((word) => word.startsWith(token)))
    .length;
}

const comparators: Record<string, (tokens: string[]) => (a: Stored, b: Stored) => number> = {
  price_asc: () => (a, b) => a.amount - b.amount || byId(a, b),
  price_desc: () => (a, b) => b.amount - a.amount || byId(b, a),
  newest: () => (a, b) => b.createdAt - a.createdAt || byId(b, a),
  name: () => (a, b) => {
    const [x, y] = [fold(a.name).slice(0, 64), fold(b.name).slice(0, 64)];
    return x < y ? -1 : x > y ? 1 : byId(a, b);
  },
  relevance: (tokens) => (a, b) => relevance(b, tokens) - relevance(a, tokens) || byId(a, b),
};

describe('GET /products: filters, sorts and cursor pagination', () => {
  let auth: TestAuth;
  let catalog: RunningCatalog;
  let db: Connection;
  let admin: string;
  const categories = new Map<string, { id: string; parentId?: string }>();

  beforeAll(async () => {
    auth = await TestAuth.start();
    const config = testConfig(testEnvironment('catalog_listing', auth.jwksUrl));
    db = await openDatabase(config);
    await seedCatalog(db, { products: 40 });
    catalog = await startCatalog(config);
    admin = await auth.token(['admin']);
    const { body } = await call<{ items: { id: string; slug: string; parentId?: string }[] }>(
      `${catalog.url}/categories`,
    );
    for (const category of body.items) categories.set(category.slug, category);
    const mugs = categories.get('mugs-and-cups')!.id;
    // Ranked by the query "blue mug": both words in the name, one, or only elsewhere.
    await createProduct(catalog.url, admin, newProductRequest(mugs, { name: 'Blue Mug Deluxe' }));
    await createProduct(catalog.url, admin, newProductRequest(mugs, { name: 'Bluebell Mug' }));
    await createProduct(
      catalog.url,
      admin,
      newProductRequest(mugs, { name: 'Plain Cup', description: 'Goes with any blue mug.' }),
    );
    const archived = await createProduct(
      catalog.url,
      admin,
      newProductRequest(mugs, { name: 'Blue Mug Withdrawn' }),
    );
    await call(`${catalog.url}/admin/products/${archived.id}/archive`, {
      method: 'POST',
      token: admin,
    });
  });

  afterAll(async () => {
    await catalog?.close();
    await cleanUp(catalog.config, db);
    await auth?.close();
  });

  async function stored(): Promise<Stored[]> {
    const documents = await db.collection('products').find({}).toArray();
    return documents.map((doc) => ({
      id: String(doc._id),
      sku: doc.sku as string,
      name: doc.name as string,
      description: (doc.description as string | undefined) ?? '',
      attributes: (doc.attributes as { value: string }[]).map((attribute) => attribute.value),
      amount: (doc.price as { amount: number }).amount,
      createdAt: (doc.createdAt as Date).getTime(),
      categoryId: String(doc.categoryId),
      status: doc.status as string,
    }));
  }

  function subtree(slugOrId: string): Set<string> {
    const root = categories.get(slugOrId)?.id ?? slugOrId;
    const ids = new Set([root]);
    for (let grew = true; grew;) {
      grew = false;
      for (const category of categories.values()) {
        if (category.parentId && ids.has(category.parentId) && !ids.has(category.id)) {
          ids.add(category.id);
          grew = true;
        }
      }
    }
    return ids;
  }

  async function expected(query: Record<string, string>): Promise<string[]> {
    const tokens = query.q ? [...new Set(words(query.q))] : [];
    const sort =
      (query.sort ?? 'relevance') === 'relevance' && tokens.length === 0
        ? 'newest'
        : (query.sort ?? 'relevance');
    const inCategory = query.category ? subtree(query.category) : undefined;
    return (await stored())
      .filter((p) => p.status === 'active')
      .filter((p) => !inCategory || inCategory.has(p.categoryId))
      .filter((p) => query.minPrice === undefined || p.amount >= Number(query.minPrice))
      .filter((p) => query.maxPrice === undefined || p.amount <= Number(query.maxPrice))
      .filter((p) => tokens.every((token) => matchesToken(p, token)))
      .sort(comparators[sort](tokens))
      .map((p) => p.id);
  }

  /** Every page of a listing, following `nextCursor`; bounded. */
  async function walk(
    query: Record<string, string>,
    between?: () => Promise<void>,
  ): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 200; pages++) {
      const params: string = new URLSearchParams({
        ...query,
        ...(cursor && { cursor }),
      }).toString();
      const answer: Answer<CatalogProductPage> = await call<CatalogProductPage>(
        `${catalog.url}/products?${params}`,
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      ids.push(...answer.body.items.map((item) => item.id));
      cursor = answer.body.nextCursor;
      if (!cursor) return ids;
      await between?.();
    }
    throw new Error(`more than 200 pages for ${JSON.stringify(query)}`);
  }

  const queries: Record<string, string>[] = [
    {},
    { sort: 'price_asc', limit: '7' },
    { sort: 'price_desc', limit: '7' },
    { sort: 'name', limit: '9' },
    { sort: 'newest', limit: '10' },
    { sort: 'relevance', limit: '100' },
    { category: 'kitchen', sort: 'price_asc', limit: '3' },
    { category: 'clothing', sort: 'name', limit: '4' },
    { minPrice: '10000', maxPrice: '30000', sort: 'price_desc', limit: '5' },
    { q: 'mug', limit: '3' },
    { q: 'blue mug', sort: 'relevance', limit: '2' },
    { q: 'blue mug', sort: 'price_asc', limit: '2' },
    { q: 'CAFÉ', sort: 'name', limit: '4' },
    { q: 'cre', limit: '4' },
    { q: 'ceramic', category: 'home', minPrice: '5000', sort: 'newest', limit: '3' },
    { q: 'zzzz' },
    { category: 'no-such-category' },
  ];

  it.each(queries)('returns exactly the right products in order: %o', async (query) => {
    const want = await expected(query);
    expect(await walk(query)).toEqual(want);
  });

  it('filters by category id as by slug, including sub-categories', async () => {
    const kitchen = categories.get('kitchen')!.id;
    expect(await walk({ category: kitchen, sort: 'price_asc' })).toEqual(
      await walk({ category: 'kitchen', sort: 'price_asc' }),
    );
    const products = await walk({ category: 'kitchen', sort: 'price_asc', limit: '100' });
    expect(products.length).toBeGreaterThan(3);
  });

  it('ranks by the number of query words in the name', async () => {
    const answer = await call<CatalogProductPage>(`${catalog.url}/products?q=blue%20mug&limit=100`);
    const names = answer.body.items.map((item: CatalogProduct) => item.name);
    expect(names[0]).toBe('Blue Mug Deluxe');
    expect(names.indexOf('Bluebell Mug')).toBeLessThan(names.indexOf('Plain Cup'));
    expect(names).toContain('Plain Cup');
    expect(names).not.toContain('Blue Mug Withdrawn');
  });

  it.each(['price_asc', 'price_desc', 'name', 'newest', 'relevance'])(
    'walks every page sorted by %s without duplicates or gaps while products are inserted',
    async (sort) => {
      const query = { sort, limit: '5', ...(sort === 'relevance' && { q: 'mug' }) };
      const before = await expected(query);
      const mugs = categories.get('mugs-and-cups')!.id;
      let inserted = 0;
      const walked = await walk(query, async () => {
        if (inserted === 5) return;
        // Names and prices land all over the order, before and after the cursor.
        const n = Math.floor(Math.random() * 1_000_000);
        await createProduct(
          catalog.url,
          admin,
          newProductRequest(mugs, {
            name: `${String.fromCharCode(65 + (n % 26))} Inserted Mug ${n}`,
            price: { amount: n % 40_000, currency: 'EUR' },
          }),
        );
        inserted += 1;
      });
      expect(inserted).toBe(5);
      expect(new Set(walked).size).toBe(walked.length);
      const seen = new Set(walked);
      expect(before.filter((id) => !seen.has(id))).toEqual([]);
    },
  );

  it('answered no request with a 5xx', () => {
    expect(unexpectedFailures(catalog)).toEqual([]);
  });
});
