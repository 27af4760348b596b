/**
 * The demo shop's data, through the services' own APIs (never their stores): the catalog and
 * stock for every product (the catalog's demo seed CLI, as the chart's seed Job runs it), the
 * admin (created by auth at start from its environment) and a demo customer. Every step is safe
 * to repeat: a second run changes nothing already there.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { call, expectStatus, poll } from './http.ts';
import { ROOT, type ServiceSpec } from './services.ts';

export interface Credentials {
  email: string;
  password: string;
}

export interface SeedInput {
  urls: { auth: string; catalog: string; inventory: string; order: string };
  /** The catalog's process spec: the seed prices in its STORE_CURRENCY. */
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

/**
 * The demo data set (categories, products, stock) through the admin APIs, by the catalog's seed
 * CLI, the same one the chart's seed Job runs. A child process: tools do not import services.
 */
async function seedCatalogAndStock(input: SeedInput): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(ROOT, 'tools', 'ts-loader', 'register.mjs'),
      join(ROOT, 'services', 'catalog', 'src', 'seed', 'demo-seed.cli.ts'),
      `--auth-url=${input.urls.auth}`,
      `--catalog-url=${input.urls.catalog}`,
      `--inventory-url=${input.urls.inventory}`,
      `--products=${input.products}`,
      '--wait-seconds=60',
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        STORE_CURRENCY: input.catalog.env.STORE_CURRENCY ?? 'EUR',
        SEED_ADMIN_EMAIL: input.admin.email,
        SEED_ADMIN_PASSWORD: input.admin.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const keep = (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      lines.push(line);
      input.log(`seed: ${line}`);
    }
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    throw new Error(`the demo seed failed (exit code ${code}):\n${lines.slice(-10).join('\n')}`);
  }
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
  await seedCatalogAndStock(input);
  const customerToken = await ensureCustomer(input);
  const skus = await allSkus(input.urls.catalog);
  const last = skus.at(-1);
  if (last) {
    input.log('prices: waiting for the order service to read the catalog events…');
    await waitForPrices(input, customerToken, last);
  }
  return { skus };
}
