// `helm test`: one real customer journey through the storefront API (SHOP_API, e.g.
// http://shop-gateway:3000/api/v1): list the products, find one in stock, register, add it to
// the cart, check out with an Idempotency-Key and follow the order to CONFIRMED. An empty shop,
// a sold-out one or a saga that does not confirm fails it (exit 1). Plain Node (fetch), so it
// runs on a service image with no shell; tools/load/test/smoke.e2e-spec.ts runs it too.
/* global fetch, AbortSignal, crypto, process, setTimeout, console */

const api = (process.env.SHOP_API ?? '').replace(/\/$/, '');
// Bounds: the whole journey, and each request.
const JOURNEY_MS = Number(process.env.JOURNEY_TIMEOUT_MS ?? 120_000);
const REQUEST_MS = 10_000;
const deadline = Date.now() + JOURNEY_MS;

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(method, path, { body, token, headers = {}, expect = [200] } = {}) {
  const all = { accept: 'application/json', ...headers };
  if (body !== undefined) all['content-type'] = 'application/json';
  if (token) all.authorization = `Bearer ${token}`;
  const response = await fetch(`${api}${path}`, {
    method,
    headers: all,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_MS),
  });
  const text = await response.text();
  if (!expect.includes(response.status)) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
  }
  console.log(`${response.status} ${method} ${path}`);
  return text ? JSON.parse(text) : null;
}

/** Retries `step` until it returns a value (not undefined) or the journey's time is up. */
async function until(what, step) {
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const value = await step();
    if (value !== undefined) return value;
    await pause(Math.min(500 * 2 ** attempt, 5_000));
  }
  throw new Error(`timed out: ${what}`);
}

async function productInStock() {
  const { items } = await call('GET', '/products?limit=50');
  if (!items?.length)
    throw new Error(`no product listed at ${api}: is the shop seeded? (demo.seed.enabled)`);
  for (const item of items) {
    const detail = await call('GET', `/products/${encodeURIComponent(item.id)}`);
    if ((detail.availability?.available ?? 0) > 0) return detail;
  }
  throw new Error(`none of ${items.length} products is in stock: is the shop seeded?`);
}

async function journey() {
  if (!api) throw new Error('SHOP_API is not set');
  const product = await productInStock();
  const email = `helm-test-${Date.now()}-${crypto.randomUUID().slice(0, 8)}@shop.test`;
  const { accessToken: token } = await call('POST', '/auth/register', {
    body: { email, password: `helm test ${crypto.randomUUID()}` },
    expect: [201],
  });
  // The order service prices a SKU once the catalog's event reached it: right after a seed,
  // adding to the cart may be refused for a moment.
  await until('the order service to price the product', async () => {
    const added = await call('POST', '/cart/items', {
      token,
      body: { sku: product.sku, quantity: 1 },
      expect: [200, 201, 404, 409, 422],
    });
    return added?.lines?.length ? added : undefined;
  });
  const order = await call('POST', '/orders', {
    token,
    headers: { 'idempotency-key': crypto.randomUUID() },
    expect: [201, 202],
  });
  const final = await until(`order ${order.id} to settle`, async () => {
    const polled = await call('GET', `/orders/${encodeURIComponent(order.id)}`, { token });
    return ['CONFIRMED', 'REJECTED', 'CANCELLED'].includes(polled.status)
      ? polled.status
      : undefined;
  });
  if (final !== 'CONFIRMED') throw new Error(`order ${order.id} ended ${final}, not CONFIRMED`);
  console.log(`journey passed: ${product.sku} bought, order ${order.id} CONFIRMED`);
}

journey().catch((error) => {
  console.error(`journey failed: ${error.message}`);
  process.exitCode = 1;
});
