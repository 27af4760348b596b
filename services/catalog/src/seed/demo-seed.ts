/**
 * The demo data set applied through the services' own admin APIs, never their stores: the
 * category tree (`POST /admin/categories`), the products (`POST /admin/products`) and their
 * stock (`PUT /admin/stock/:sku` of inventory), as the bootstrap admin. What `npm start`, the
 * end-to-end suites and the chart's seed Job run. Idempotent: a category or product already
 * there is left as it is (409 is "there"), and a SKU that has, or had, stock keeps it.
 */
import { seedCategories, seedProducts, type SeedProduct } from './catalog-data.js';
import { demoStock } from './demo-stock.js';
import { expectStatus, inParallel, request } from './seed-client.js';

export interface DemoSeedOptions {
  /**
   * The API bases of auth, catalog and inventory: each service's own URL, or the same storefront
   * gateway (`.../api/v1`) for all three, which maps the same paths.
   */
  urls: { auth: string; catalog: string; inventory: string };
  admin: { email: string; password: string };
  products: number;
  /** The catalog's STORE_CURRENCY. */
  currency: string;
  /** How long to wait for the shop to answer before seeding (a fresh deployment settles). */
  waitMs: number;
  concurrency?: number;
  log?: (line: string) => void;
}

export interface DemoSeedResult {
  categoriesCreated: number;
  productsCreated: number;
  productsExisting: number;
  skusStocked: number;
  /** Every demo SKU, sorted. */
  skus: string[];
}

interface Category {
  id: string;
  slug: string;
}

interface Stock {
  available: number;
  reserved: number;
  committed: number;
}

const POLL_MS = 2_000;

/** Until the product list answers 200 (the catalog and, through a gateway, the gateway too). */
async function waitForShop(options: DemoSeedOptions, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + options.waitMs;
  for (let attempt = 1; ; attempt++) {
    const answer = await request(`${options.urls.catalog}/products?limit=1`).catch(() => null);
    if (answer?.status === 200) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `the catalog at ${options.urls.catalog} did not answer GET /products in time`,
      );
    }
    if (attempt === 1) log(`waiting for ${options.urls.catalog}/products to answer…`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function categoryIds(catalog: string): Promise<Map<string, string>> {
  const answer = await request<{ items: Category[] }>(`${catalog}/categories`);
  const { items } = expectStatus(answer, 'listing the categories', 200);
  return new Map(items.map((category) => [category.slug, category.id]));
}

/** Parents before children (the data set's order); a 409 means another run made it first. */
async function seedTree(
  options: DemoSeedOptions,
  token: string,
): Promise<{ ids: Map<string, string>; created: number }> {
  let ids = await categoryIds(options.urls.catalog);
  let created = 0;
  for (const category of seedCategories.filter((entry) => !ids.has(entry.slug))) {
    const answer = await request<Category>(`${options.urls.catalog}/admin/categories`, {
      token,
      body: { slug: category.slug, name: category.name, parent: category.parent },
    });
    const made = expectStatus(answer, `creating category ${category.slug}`, 201, 409);
    if (answer.status === 201) {
      ids.set(category.slug, made.id);
      created++;
    }
  }
  if (seedCategories.some((category) => !ids.has(category.slug)))
    ids = await categoryIds(options.urls.catalog);
  return { ids, created };
}

/** Every active product's SKU, page by page (bounded). */
async function listedSkus(catalog: string): Promise<Set<string>> {
  const skus = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const answer = await request<{ items: { sku: string }[]; nextCursor: string | null }>(
      `${catalog}/products?sort=newest&limit=100${query}`,
    );
    const body = expectStatus(answer, 'listing the products', 200);
    for (const item of body.items) skus.add(item.sku);
    cursor = body.nextCursor;
    if (!cursor) return skus;
  }
  throw new Error('listing the products: more than 10000 pages');
}

async function createProduct(
  options: DemoSeedOptions,
  token: string,
  product: SeedProduct,
  categoryId: string,
): Promise<boolean> {
  const answer = await request<{ code?: string }>(`${options.urls.catalog}/admin/products`, {
    token,
    body: {
      sku: product.sku,
      name: product.name,
      slug: product.slug,
      description: product.description,
      categoryId,
      price: { amount: product.price, currency: options.currency },
      attributes: product.attributes,
      images: product.images,
    },
  });
  // An archived product is not listed but keeps its SKU: 409 is "already there" all the same.
  expectStatus(answer, `creating product ${product.sku}`, 201, 409);
  return answer.status === 201;
}

/** Stock for a SKU inventory holds nothing of yet; one with units, reservations or sales is left. */
async function stockSku(
  options: DemoSeedOptions,
  token: string,
  sku: string,
  units: number,
): Promise<boolean> {
  const url = `${options.urls.inventory}/admin/stock/${encodeURIComponent(sku)}`;
  const level = await request<Stock>(url, { token });
  expectStatus(level, `reading the stock of ${sku}`, 200, 404);
  const untouched =
    level.status === 404 ||
    (level.body.available === 0 && level.body.reserved === 0 && level.body.committed === 0);
  if (!untouched || units === 0) return false;
  const put = await request(url, {
    method: 'PUT',
    token,
    body: { available: units, reason: 'demo seed' },
  });
  expectStatus(put, `stocking ${sku}`, 200);
  return true;
}

export async function seedDemoThroughApis(options: DemoSeedOptions): Promise<DemoSeedResult> {
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 8;
  await waitForShop(options, log);
  const login = await request<{ accessToken: string }>(`${options.urls.auth}/auth/login`, {
    body: options.admin,
  });
  const token = expectStatus(login, `login of the admin ${options.admin.email}`, 200).accessToken;
  const tree = await seedTree(options, token);
  log(`categories: ${seedCategories.length} (${tree.created} new)`);

  const products = seedProducts(options.products);
  const listed = await listedSkus(options.urls.catalog);
  const missing = products.filter((product) => !listed.has(product.sku));
  let created = 0;
  await inParallel(missing, concurrency, async (product) => {
    const categoryId = tree.ids.get(product.category);
    if (!categoryId) throw new Error(`category ${product.category} is missing`);
    if (await createProduct(options, token, product, categoryId)) created++;
  });
  log(`products: ${products.length} (${created} new)`);

  const skus = products.map((product) => product.sku).sort();
  let stocked = 0;
  await inParallel(
    skus.map((sku, index) => ({ sku, units: demoStock(sku, index) })),
    concurrency,
    async ({ sku, units }) => {
      if (await stockSku(options, token, sku, units)) stocked++;
    },
  );
  log(
    `stock: ${stocked} SKUs stocked, ${skus.length - stocked} already had stock or stay sold out`,
  );
  return {
    categoriesCreated: tree.created,
    productsCreated: created,
    productsExisting: products.length - created,
    skusStocked: stocked,
    skus,
  };
}
