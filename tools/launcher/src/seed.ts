/**
 * The demo shop's data, through the services' own APIs and scripts (never their stores): the
 * catalog, stock for every product, the admin (created by auth at start from its environment)
 * and a demo customer. Every step is safe to repeat: a second run changes nothing already there.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { call, expectStatus, inParallel, poll } from './http.ts';
import { ROOT, type ServiceSpec } from './services.ts';

export interface Credentials {
  email: string;
  password: string;
}

export interface SeedInput {
  urls: { auth: string; catalog: string; inventory: string; order: string };
  /** The catalog's process spec: the seed script uses its store settings. */
  catalog: ServiceSpec;
  products: number;
  admin: Credentials;
  customer: Credentials & { displayName: string };
  log: (line: string) => void;
}

interface TokenAnswer {
  accessToken: string;
}

interface ProductPage {
  items: { sku: string }[];
  nextCursor: string | null;
}

/** Units a seeded SKU starts with: most have plenty, a few are low, every 50th is sold out. */
export function demoStock(sku: string, index: number): number {
  if (index % 50 === 49) return 0;
  if (index % 25 === 24) return 3;
  let hash = 0;
  for (const char of sku) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 20 + (hash % 180);
}

async function seedCatalog(input: SeedInput): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(ROOT, 'tools', 'ts-loader', 'register.mjs'),
      join(ROOT, 'services', 'catalog', 'src', 'seed', 'seed.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        ...input.catalog.env,
        SEED_PRODUCTS: String(input.products),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) input.log(`catalog: ${line}`);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the catalog seed failed (exit code ${code})`);
}

export async function login(authUrl: string, who: Credentials): Promise<string> {
  const answer = await call<TokenAnswer>(`${authUrl}/auth/login`, {
    body: { email: who.email, password: who.password },
  });
  return expectStatus(answer, `login of ${who.email}`, 200).accessToken;
}

async function ensureCustomer(input: SeedInput): Promise<string> {
  const answer = await call<TokenAnswer>(`${input.urls.auth}/auth/register`, {
    body: input.customer,
  });
  if (answer.status === 201) {
    input.log(`demo customer ${input.customer.email} registered`);
    return answer.body.accessToken;
  }
  expectStatus(answer, `registration of ${input.customer.email}`, 409);
  input.log(`demo customer ${input.customer.email} already there`);
  return login(input.urls.auth, input.customer);
}

/** Every SKU of the catalog, in its list order. */
export async function allSkus(catalogUrl: string): Promise<string[]> {
  const skus: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const answer = await call<ProductPage>(`${catalogUrl}/products?sort=newest&limit=100${query}`);
    const body = expectStatus(answer, 'listing the products', 200);
    skus.push(...body.items.map((item) => item.sku));
    cursor = body.nextCursor;
    if (!cursor) return skus.sort();
  }
  throw new Error('listing the products: more than 1000 pages');
}

/**
 * Stock for each SKU inventory holds none of yet. A SKU that has (or had) units is left alone:
 * the demo's own purchases and an admin's stock takes survive a restart.
 */
async function seedStock(input: SeedInput, skus: string[], adminToken: string): Promise<void> {
  const empty: string[] = [];
  for (let at = 0; at < skus.length; at += 100) {
    const batch = skus.slice(at, at + 100);
    const answer = await call<{ items: { sku: string; available: number }[] }>(
      `${input.urls.inventory}/availability`,
      { body: { skus: batch } },
    );
    const levels = expectStatus(answer, 'reading availability', 200).items;
    empty.push(...levels.filter((level) => level.available === 0).map((level) => level.sku));
  }
  const index = new Map(skus.map((sku, position) => [sku, position]));
  let stocked = 0;
  await inParallel(empty, 8, async (sku) => {
    const units = demoStock(sku, index.get(sku) ?? 0);
    const url = `${input.urls.inventory}/admin/stock/${encodeURIComponent(sku)}`;
    const level = await call<{ available: number; reserved: number; committed: number }>(url, {
      token: adminToken,
    });
    const untouched =
      level.status === 404 ||
      (level.status === 200 && level.body.reserved === 0 && level.body.committed === 0);
    if (!untouched || units === 0) return;
    const put = await call(url, {
      method: 'PUT',
      token: adminToken,
      body: { available: units, reason: 'demo seed' },
    });
    expectStatus(put, `stocking ${sku}`, 200);
    stocked++;
  });
  input.log(
    `stock: ${stocked} SKUs stocked, ${skus.length - stocked} already had stock or stay sold out`,
  );
}

/** Waits until the order service prices `sku` (its projection of the catalog caught up). */
async function waitForPrices(input: SeedInput, customerToken: string, sku: string): Promise<void> {
  const item = `${input.urls.order}/cart/items`;
  await poll(
    'the order service to learn the catalog prices',
    async () => {
      const added = await call(item, { body: { sku, quantity: 1 }, token: customerToken });
      if (added.status !== 200 && added.status !== 201) return false;
      await call(`${item}/${encodeURIComponent(sku)}`, { method: 'DELETE', token: customerToken });
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 1_000 },
  );
}

export async function seedDemo(input: SeedInput): Promise<{ skus: string[] }> {
  await seedCatalog(input);
  const adminToken = await login(input.urls.auth, input.admin);
  const customerToken = await ensureCustomer(input);
  const skus = await allSkus(input.urls.catalog);
  input.log(`stock: checking ${skus.length} SKUs…`);
  await seedStock(input, skus, adminToken);
  const last = skus.at(-1);
  if (last) {
    input.log('prices: waiting for the order service to read the catalog events…');
    await waitForPrices(input, customerToken, last);
  }
  return { skus };
}
