/**
 * What the k6 scripts share: the scenarios file, the storefront calls a shopper makes (tagged
 * by route, checked), the test data found in `setup()`, the checkout and its metrics. The same
 * journeys as the Locust package load/shop, on the same settings.
 */
import { check, sleep } from 'k6';
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { k6Options, METRICS, Settings, type ScenariosFile } from './options.ts';

/**
 * Read once per VU at init. SCENARIOS_FILE lets a flat copy (the k6-operator ConfigMap) point at
 * its own copy; the default is the file beside load/k6 in the repository.
 */
export const FILE = JSON.parse(open(__ENV.SCENARIOS_FILE || '../scenarios.json')) as ScenariosFile;

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:3000/api/v1').replace(/\/$/, '');

const TERMINAL = ['CONFIRMED', 'REJECTED', 'CANCELLED'];
/** Access tokens are short-lived: a customer signs in again after this long (soak). */
const TOKEN_REFRESH_MS = 4 * 60_000;
const PASSWORD = 'a load-test password 123';

const checkoutSuccess = new Rate(METRICS.checkoutSuccess);
const toConfirmed = new Trend(METRICS.toConfirmed, true);
const confirmed = new Counter(METRICS.confirmed);

export function optionsFor(name: string): Options {
  return k6Options(FILE, name, __ENV);
}

/** A setting of the scenario (`__ENV`, else its default in the scenarios file). */
export function setting(scenario: string, name: string): number {
  return new Settings(FILE, FILE.scenarios[scenario], __ENV).number(name);
}

export interface Product {
  id: string;
  sku: string;
  name: string;
}

/** What `setup()` finds and every VU shares. */
export interface TestData {
  products: Product[];
  words: string[];
  categories: { slug: string }[];
}

interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  expect?: number[];
}

type Json = Record<string, unknown> | null;

/** One request, tagged `name:<route>` and checked; a status outside `expect` fails the check. */
export function call(method: string, path: string, route: string, options: CallOptions = {}): Json {
  const expect = options.expect ?? [200];
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = options.body === undefined ? null : JSON.stringify(options.body);
  const response = http.request(method, `${BASE_URL}${path}`, body, {
    headers,
    tags: { name: FILE.common.k6.routes[route] ?? route },
    responseCallback: http.expectedStatuses(...expect),
  });
  const ok = check(response, {
    [`${route} ${expect.join('/')}`]: (r) => expect.includes(r.status),
  });
  if (!ok || typeof response.body !== 'string' || response.body === '') return null;
  try {
    return response.json() as Json;
  } catch {
    return null;
  }
}

const quote = encodeURIComponent;

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

// --- browsing -------------------------------------------------------------------------------

export interface Page {
  items: Product[];
  nextCursor?: string | null;
}

export function listProducts(query = 'limit=20', route = 'GET /products'): Page {
  const body = call('GET', `/products?${query}`, route) as Page | null;
  return body && Array.isArray(body.items) ? body : { items: [] };
}

export function search(word: string, limit = 20): Page {
  return listProducts(`q=${quote(word)}&limit=${limit}`, 'GET /products?q');
}

export function productDetail(id: string): Json {
  return call('GET', `/products/${quote(id)}`, 'GET /products/:id');
}

export function categories(): Json {
  return call('GET', '/categories', 'GET /categories');
}

// --- test data (setup) ----------------------------------------------------------------------

function getJson(path: string): Record<string, unknown> {
  const response = http.get(`${BASE_URL}${path}`, { tags: { name: 'setup' } });
  if (response.status !== 200) {
    throw new Error(`GET ${BASE_URL}${path} failed: HTTP ${response.status}`);
  }
  return response.json() as Record<string, unknown>;
}

/** Words of at least four letters from product names, for searches that find something. */
export function searchWords(products: Product[]): string[] {
  const words = new Set<string>();
  for (const product of products) {
    for (const word of product.name.split(/\s+/)) {
      const cleaned = word.toLowerCase().replace(/[^a-z0-9]/g, '');
      if (cleaned.length >= 4) words.add(cleaned);
    }
  }
  return [...words].sort();
}

/**
 * The scenario's test data through the storefront API: up to `pages` pages of products (those
 * with more than 5 units when `inStockOnly`: a sold-out product fails checkout by design), the
 * search words and the categories. Throws, which stops the run, when there is nothing to sell.
 */
export function loadTestData(scenario: string): TestData {
  const { pages, inStockOnly } = FILE.scenarios[scenario].data;
  const categoryList = (getJson('/categories').items ?? []) as { slug: string }[];
  let found: Product[] = [];
  let cursor = '';
  for (let page = 0; page < pages; page++) {
    const query = `limit=50${cursor ? `&cursor=${quote(cursor)}` : ''}`;
    const listed = getJson(`/products?${query}`) as unknown as Page;
    found.push(...(listed.items ?? []));
    cursor = listed.nextCursor ?? '';
    if (!cursor) break;
  }
  if (inStockOnly) found = found.filter((product) => available(product.id) > 5);
  if (found.length === 0) {
    const which = inStockOnly ? 'in stock ' : '';
    throw new Error(`no product ${which}at ${BASE_URL}: is the shop seeded?`);
  }
  const products = found.map(({ id, sku, name }) => ({ id, sku, name: name ?? '' }));
  const words = searchWords(products);
  return { products, words: words.length > 0 ? words : ['shirt'], categories: categoryList };
}

function available(id: string): number {
  const detail = getJson(`/products/${quote(id)}`) as { availability?: { available?: number } };
  return detail.availability?.available ?? 0;
}

// --- customers and carts --------------------------------------------------------------------

interface Customer {
  email: string;
  token: string | null;
  signedInAt: number;
}

/** This VU's customer: module state is per VU in k6. */
let customer: Customer | null = null;

function tokenOf(body: Json): string | null {
  const token = body?.accessToken;
  return typeof token === 'string' ? token : null;
}

/** A customer of its own, unique per VU and run, so runs never collide on accounts. */
export function register(prefix: string): string | null {
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  const email = `${prefix}-${__VU}-${unique}@load.test`;
  const body = call('POST', '/auth/register', 'POST /auth/register', {
    body: { email, password: PASSWORD },
    expect: [201],
  });
  customer = { email, token: tokenOf(body), signedInAt: Date.now() };
  return customer.token;
}

export function login(): string | null {
  if (!customer) throw new Error('login before register');
  const body = call('POST', '/auth/login', 'POST /auth/login', {
    body: { email: customer.email, password: PASSWORD },
  });
  customer.token = tokenOf(body);
  customer.signedInAt = Date.now();
  return customer.token;
}

export function hasCustomer(): boolean {
  return customer !== null;
}

/** This VU's customer, registered on first use, with a token that is still fresh. */
export function token(prefix: string): string | null {
  if (!customer?.token) return register(prefix);
  if (Date.now() - customer.signedInAt > TOKEN_REFRESH_MS) return login();
  return customer.token;
}

export function me(accessToken: string | null): Json {
  return call('GET', '/auth/me', 'GET /auth/me', { token: accessToken ?? undefined });
}

export function getCart(accessToken: string | null): Json {
  return call('GET', '/cart', 'GET /cart', { token: accessToken ?? undefined });
}

export function clearCart(accessToken: string | null): void {
  call('DELETE', '/cart', 'DELETE /cart', { token: accessToken ?? undefined, expect: [200, 204] });
}

export function addToCart(accessToken: string | null, sku: string, quantity = 1): void {
  call('POST', '/cart/items', 'POST /cart/items', {
    token: accessToken ?? undefined,
    body: { sku, quantity },
    expect: [200, 201],
  });
}

// --- checkout -------------------------------------------------------------------------------

function idempotencyKey(): string {
  const hex = () =>
    Math.floor(Math.random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

/**
 * Checks the cart out with a fresh Idempotency-Key and polls the order to its end state (at most
 * ORDER_TIMEOUT_S). Records checkout_success (CONFIRMED or not) for every checkout, and
 * checkout_to_confirmed, POST /orders to the poll that saw CONFIRMED (polls 100 ms apart).
 * Returns the end state: CONFIRMED, REJECTED, CANCELLED, timeout or refused.
 */
export function checkout(accessToken: string | null, scenario: string): string {
  const timeoutMs = setting(scenario, 'ORDER_TIMEOUT_S') * 1000;
  const started = Date.now();
  const order = call('POST', '/orders', 'POST /orders', {
    token: accessToken ?? undefined,
    headers: { 'idempotency-key': idempotencyKey() },
    expect: [201, 202],
  });
  const id = typeof order?.id === 'string' ? order.id : null;
  let status = id ? String(order?.status) : 'refused';
  while (id && !TERMINAL.includes(status) && Date.now() - started < timeoutMs) {
    sleep(0.1);
    const polled = call('GET', `/orders/${quote(id)}`, 'GET /orders/:id', {
      token: accessToken ?? undefined,
    });
    if (typeof polled?.status === 'string') status = polled.status;
  }
  const state = id && !TERMINAL.includes(status) ? 'timeout' : status;
  checkoutSuccess.add(state === 'CONFIRMED', { state });
  if (state === 'CONFIRMED') {
    toConfirmed.add(Date.now() - started);
    confirmed.add(1);
  }
  return state;
}

/** Empties this VU's cart, puts `lines` different products in it and checks out. */
export function buy(prefix: string, scenario: string, products: Product[], lines = 1): string {
  const accessToken = token(prefix);
  clearCart(accessToken);
  const chosen = [...products].sort(() => Math.random() - 0.5).slice(0, lines);
  for (const product of chosen) addToCart(accessToken, product.sku, 1);
  return checkout(accessToken, scenario);
}

// --- the open models' visit -----------------------------------------------------------------

/**
 * One visit of the open-model scenarios (stress, spike, soak, breakpoint): CHECKOUT_SHARE of
 * visits check out, the rest list, search or open a product, in the shares of the scenarios
 * file. The arrival-rate executor starts visits; a visit never sleeps to pace itself.
 */
export function visit(scenario: string, data: TestData): void {
  const share = setting(scenario, 'CHECKOUT_SHARE');
  const { list, search: searchShare } = FILE.common.mix;
  const roll = Math.random();
  if (roll < share) {
    buy(scenario, scenario, data.products, 1);
  } else if (roll < share + list) {
    const category = data.categories.length > 0 ? pick(data.categories) : null;
    listProducts(`limit=20${category ? `&category=${quote(category.slug)}` : ''}`);
  } else if (roll < share + list + searchShare) {
    search(pick(data.words));
  } else {
    productDetail(pick(data.products).id);
  }
}
