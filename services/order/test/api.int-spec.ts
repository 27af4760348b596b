import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  productUpdated,
  type CartResponse,
  type OrderPage,
  type OrderResponse,
} from '@shop/contracts';
import { Redis } from 'ioredis';
import {
  createTestDatabase,
  devstackEnv,
  testKafka,
  testTopicPrefix,
  waitFor,
  type TestDatabase,
} from '@shop/testing';
import type pg from 'pg';
import {
  Api,
  count,
  jsonOf,
  orderEnv,
  OtherServices,
  problemOf,
  startOrder,
  testPool,
  TestAuth,
  waitForProjection,
  type RunningOrder,
} from './support.js';

const mug = { productId: 'p-mug', sku: 'MUG-BLUE', name: 'Blue mug', price: 1250 };
const tee = { productId: 'p-tee', sku: 'TEE-M-01', name: 'T-shirt', price: 1999 };
const lamp = { productId: 'p-lamp', sku: 'LAMP-01', name: 'Desk lamp', price: 4000 };
const old = { productId: 'p-old', sku: 'OLD-ITEM', name: 'Discontinued', price: 500 };

/** Carts, checkout, idempotency keys, who sees which order, admin search, bad input. */
describe('order service API', () => {
  const kafka = testKafka('order-api-test');
  const prefix = testTopicPrefix('order_api');
  let db: TestDatabase;
  let auth: TestAuth;
  let order: RunningOrder;
  let others: OtherServices;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase('order_api');
    auth = await TestAuth.start();
    order = await startOrder(
      orderEnv({ databaseUrl: db.url, topicPrefix: prefix, jwksUrl: auth.jwksUrl }),
    );
    pool = testPool(db.url);
    others = new OtherServices(kafka, prefix, pool);
    for (const product of [mug, tee, lamp, old]) await others.productCreated(product);
    await others.productArchived(old);
    await waitForProjection(pool, 4);
    await waitFor(
      async () =>
        (await count(pool, "SELECT count(*) FROM product_prices WHERE status = 'archived'")) === 1,
      { what: 'the archived product' },
    );
  });

  afterAll(async () => {
    await order?.close();
    await others?.disconnect();
    await pool?.end();
    await auth?.close();
    await db?.drop();
  });

  const customer = () => auth.customer(order.url);

  describe('authentication', () => {
    it('answers 401 without a token, or with a token it cannot verify', async () => {
      const anonymous = new Api(order.url, undefined);
      for (const path of ['/cart', '/orders', `/orders/${randomUUID()}`, '/admin/orders']) {
        const response = await anonymous.get(path);
        expect(response.status).toBe(401);
        expect(await problemOf(response)).toMatchObject({ code: 'AUTH.MISSING_TOKEN' });
      }
      const forged = new Api(order.url, 'not.a.token');
      expect(await problemOf(await forged.get('/orders'))).toMatchObject({
        status: 401,
        code: 'AUTH.INVALID_TOKEN',
      });
      expect((await anonymous.checkout(randomUUID())).status).toBe(401);
    });

    it('reports itself ready once Postgres, Redis and Kafka answer', async () => {
      const response = await fetch(`${order.managementUrl}/health/ready`);
      expect(await jsonOf(response, 200)).toMatchObject({
        checks: { postgres: 'ok', redis: 'ok', kafka: 'ok' },
      });
    });
  });

  describe('cart', () => {
    it('adds, merges, changes and removes lines, priced from the projection', async () => {
      const api = await customer();
      expect(await jsonOf(await api.get('/cart'), 200)).toEqual({
        lines: [],
        total: { amount: 0, currency: 'EUR' },
      });
      await jsonOf(await api.addToCart('TEE-M-01', 1), 200);
      await jsonOf(await api.addToCart('MUG-BLUE', 2), 200);
      const merged = await jsonOf<CartResponse>(await api.addToCart('MUG-BLUE', 1), 200);
      expect(merged).toEqual({
        lines: [
          {
            sku: 'MUG-BLUE',
            name: 'Blue mug',
            quantity: 3,
            unitPrice: { amount: 1250, currency: 'EUR' },
            lineTotal: { amount: 3750, currency: 'EUR' },
          },
          {
            sku: 'TEE-M-01',
            name: 'T-shirt',
            quantity: 1,
            unitPrice: { amount: 1999, currency: 'EUR' },
            lineTotal: { amount: 1999, currency: 'EUR' },
          },
        ],
        total: { amount: 5749, currency: 'EUR' },
      });
      const patched = await jsonOf<CartResponse>(
        await api.request('PATCH', '/cart/items/MUG-BLUE', { quantity: 5 }),
        200,
      );
      expect(patched.lines[0]).toMatchObject({ quantity: 5, lineTotal: { amount: 6250 } });
      const removed = await jsonOf<CartResponse>(
        await api.request('DELETE', '/cart/items/TEE-M-01'),
        200,
      );
      expect(removed.lines.map((line) => line.sku)).toEqual(['MUG-BLUE']);
      expect((await api.request('DELETE', '/cart')).status).toBe(204);
      expect(await jsonOf<CartResponse>(await api.get('/cart'), 200)).toMatchObject({ lines: [] });
    });

    it('keeps each customer’s cart apart, under a key that expires after inactivity', async () => {
      const [a, b] = [await customer(), await customer()];
      await jsonOf(await a.addToCart('LAMP-01', 1), 200);
      expect(await jsonOf<CartResponse>(await b.get('/cart'), 200)).toMatchObject({ lines: [] });
      const redis = new Redis(devstackEnv().REDIS_URL);
      try {
        const key = `${order.config.redis.keyPrefix}cart:${a.subject}`;
        expect(await redis.hgetall(key)).toEqual({ v: '1', 'LAMP-01': '1' });
        await redis.expire(key, 5);
        await jsonOf(await a.addToCart('LAMP-01', 1), 200);
        // Every change starts the inactivity period again (CART_TTL_SECONDS is 600 here).
        expect(await redis.ttl(key)).toBeGreaterThan(590);
      } finally {
        redis.disconnect();
      }
    });

    it.each([
      ['quantity 0', { sku: 'MUG-BLUE', quantity: 0 }, 400, 'REQUEST.VALIDATION'],
      ['quantity 100', { sku: 'MUG-BLUE', quantity: 100 }, 400, 'REQUEST.VALIDATION'],
      ['a huge quantity', { sku: 'MUG-BLUE', quantity: 1e12 }, 400, 'REQUEST.VALIDATION'],
      ['a client price', { sku: 'MUG-BLUE', quantity: 1, unitPrice: 1 }, 400, 'REQUEST.VALIDATION'],
      ['a malformed SKU', { sku: 'mug blue', quantity: 1 }, 400, 'REQUEST.VALIDATION'],
      ['an unknown product', { sku: 'NO-SUCH-SKU', quantity: 1 }, 422, 'CART.PRODUCT_UNAVAILABLE'],
      ['an archived product', { sku: 'OLD-ITEM', quantity: 1 }, 422, 'CART.PRODUCT_UNAVAILABLE'],
    ])('refuses %s', async (_, body, status, code) => {
      const api = await customer();
      const response = await api.request('POST', '/cart/items', body);
      expect(response.status).toBe(status);
      expect(await problemOf(response)).toMatchObject({ status, code });
      expect(await jsonOf<CartResponse>(await api.get('/cart'), 200)).toMatchObject({ lines: [] });
    });

    it('refuses to grow a line past 99 units, or to change a line it lacks', async () => {
      const api = await customer();
      await jsonOf(await api.addToCart('MUG-BLUE', 98), 200);
      expect(await problemOf(await api.addToCart('MUG-BLUE', 2))).toMatchObject({
        status: 422,
        code: 'CART.QUANTITY_OUT_OF_RANGE',
      });
      expect(
        await problemOf(await api.request('PATCH', '/cart/items/TEE-M-01', { quantity: 1 })),
      ).toMatchObject({
        status: 404,
        code: 'CART.ITEM_NOT_FOUND',
      });
    });
  });

  describe('price projection', () => {
    it('applies newer product versions and drops older and repeated ones', async () => {
      const v3 = await others.productCreated({ ...lamp, price: 4500, productVersion: 3 }, true);
      const v2 = await others.productCreated({ ...lamp, price: 4200, productVersion: 2 }, true);
      await others.redeliver(productUpdated, v3);
      await waitFor(
        async () =>
          (await count(pool, 'SELECT count(*) FROM inbox WHERE event_id = ANY($1::uuid[])', [
            [v3.id, v2.id],
          ])) === 2,
        { what: 'both updates to be consumed' },
      );
      const api = await customer();
      const cart = await jsonOf<CartResponse>(await api.addToCart('LAMP-01', 1), 200);
      expect(cart.lines[0].unitPrice).toEqual({ amount: 4500, currency: 'EUR' });
      expect(
        await count(
          pool,
          "SELECT count(*) FROM product_prices WHERE sku = 'LAMP-01' AND version = 3",
        ),
      ).toBe(1);
    });
  });

  describe('checkout', () => {
    it('turns the cart into a PENDING order at projected prices, 202 with its Location', async () => {
      const api = await customer();
      await jsonOf(await api.addToCart('MUG-BLUE', 2), 200);
      await jsonOf(await api.addToCart('TEE-M-01', 1), 200);
      const response = await api.checkout(randomUUID());
      const placed = await jsonOf<OrderResponse>(response, 202);
      expect(response.headers.get('location')).toBe(`/orders/${placed.id}`);
      expect(placed).toMatchObject({
        status: 'PENDING',
        lines: [
          {
            sku: 'MUG-BLUE',
            name: 'Blue mug',
            quantity: 2,
            unitPrice: { amount: 1250 },
            lineTotal: { amount: 2500 },
          },
          {
            sku: 'TEE-M-01',
            quantity: 1,
            unitPrice: { amount: 1999 },
            lineTotal: { amount: 1999 },
          },
        ],
        total: { amount: 4499, currency: 'EUR' },
      });
      expect(await api.order(placed.id)).toEqual(placed);
      expect(await jsonOf<CartResponse>(await api.get('/cart'), 200)).toMatchObject({ lines: [] });
    });

    it('makes one order of ten concurrent checkouts with one key, and gives all ten one answer', async () => {
      const api = await customer();
      await jsonOf(await api.addToCart('LAMP-01', 1), 200);
      const key = randomUUID();
      const responses = await Promise.all(Array.from({ length: 10 }, () => api.checkout(key)));
      const bodies = await Promise.all(responses.map((response) => response.text()));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(202));
      expect(new Set(bodies).size).toBe(1);
      expect(new Set(responses.map((response) => response.headers.get('location'))).size).toBe(1);
      expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(
        9,
      );
      expect(
        await count(pool, 'SELECT count(*) FROM orders WHERE customer_id = $1', [api.subject]),
      ).toBe(1);

      // Later too, although the cart is empty now.
      const later = await api.checkout(key);
      expect(later.status).toBe(202);
      expect(await later.text()).toBe(bodies[0]);
    });

    it('places a burst of checkouts three times the size of the connection pool', async () => {
      // Each checkout's transaction holds a connection; one that needed a second connection
      // for its prices deadlocked the pool as soon as every connection belonged to such a
      // transaction (200 concurrent checkouts hung until the gateway gave up on them).
      const customers = await Promise.all(Array.from({ length: 60 }, () => customer()));
      for (const api of customers) await jsonOf(await api.addToCart('MUG-BLUE', 1), 200);
      const responses = await Promise.all(customers.map((api) => api.checkout(randomUUID())));
      expect(responses.map((response) => response.status)).toEqual(Array(60).fill(202));
    });

    it('refuses a key reused with another body (422), and keeps keys per customer', async () => {
      const api = await customer();
      await jsonOf(await api.addToCart('MUG-BLUE', 1), 200);
      const key = randomUUID();
      const placed = await jsonOf<OrderResponse>(
        await api.checkout(key, { expectedTotal: { amount: 1250, currency: 'EUR' } }),
        202,
      );
      const reused = await api.checkout(key, { expectedTotal: { amount: 999, currency: 'EUR' } });
      expect(reused.status).toBe(422);
      expect(await problemOf(reused)).toMatchObject({ code: 'ORDER.IDEMPOTENCY_KEY_REUSED' });

      const someoneElse = await customer();
      await jsonOf(await someoneElse.addToCart('MUG-BLUE', 1), 200);
      const theirs = await jsonOf<OrderResponse>(await someoneElse.checkout(key), 202);
      expect(theirs.id).not.toBe(placed.id);
    });

    it('refuses to check out when the expected total is no longer the cart’s', async () => {
      const api = await customer();
      await jsonOf(await api.addToCart('TEE-M-01', 2), 200);
      const response = await api.checkout(randomUUID(), {
        expectedTotal: { amount: 3000, currency: 'EUR' },
      });
      expect(await problemOf(response)).toMatchObject({
        status: 409,
        code: 'CART.TOTAL_CHANGED',
        details: { expected: 3000, actual: 3998 },
      });
    });

    it.each([
      ['no Idempotency-Key', undefined, undefined, 400, 'ORDER.IDEMPOTENCY_KEY_REQUIRED'],
      ['a short key', 'abc', undefined, 400, 'ORDER.IDEMPOTENCY_KEY_INVALID'],
      ['a key with spaces', 'not a good key', undefined, 400, 'ORDER.IDEMPOTENCY_KEY_INVALID'],
      ['a client-set price', randomUUID(), { unitPrice: 1 }, 400, 'REQUEST.VALIDATION'],
    ])('refuses %s', async (_, key, body, status, code) => {
      const api = await customer();
      await jsonOf(await api.addToCart('MUG-BLUE', 1), 200);
      const response = await api.checkout(key, body);
      expect(response.status).toBe(status);
      expect(await problemOf(response)).toMatchObject({ code });
      expect(
        await count(pool, 'SELECT count(*) FROM orders WHERE customer_id = $1', [api.subject]),
      ).toBe(0);
    });

    it('refuses an empty cart, and a cart holding a product archived since', async () => {
      const api = await customer();
      expect(await problemOf(await api.checkout(randomUUID()))).toMatchObject({
        status: 422,
        code: 'CART.EMPTY',
      });

      const gone = { productId: 'p-gone', sku: 'GONE-SOON', name: 'Gone soon', price: 100 };
      await others.productCreated(gone);
      await waitFor(async () => (await api.addToCart(gone.sku, 1)).status === 200, {
        what: 'GONE-SOON on sale',
      });
      await others.productArchived(gone);
      await waitFor(
        async () =>
          (await count(
            pool,
            "SELECT count(*) FROM product_prices WHERE sku = 'GONE-SOON' AND status = 'archived'",
          )) === 1,
        { what: 'GONE-SOON archived' },
      );
      const response = await api.checkout(randomUUID());
      expect(await problemOf(response)).toMatchObject({
        status: 422,
        code: 'CART.PRODUCT_UNAVAILABLE',
        details: { skus: ['GONE-SOON'] },
      });
    });
  });

  describe('orders of one customer', () => {
    it('hides a customer’s order from every other customer: 404, never 403', async () => {
      const alice = await customer();
      const mallory = await customer();
      const placed = await alice.placeOrder([{ sku: 'MUG-BLUE', quantity: 1 }]);
      for (const response of [
        await mallory.get(`/orders/${placed.id}`),
        await mallory.request('POST', `/orders/${placed.id}/cancel`),
        await mallory.get(`/orders/${placed.id}/events`),
      ]) {
        expect(response.status).toBe(404);
        expect(await problemOf(response)).toMatchObject({ code: 'ORDER.NOT_FOUND' });
      }
      expect(await jsonOf<OrderPage>(await mallory.get('/orders'), 200)).toEqual({
        items: [],
        nextCursor: null,
      });
      expect((await alice.order(placed.id)).status).toBe('PENDING');
    });

    it('lists them newest first, a page at a time', async () => {
      const api = await customer();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push((await api.placeOrder([{ sku: 'TEE-M-01', quantity: 1 }])).id);
      const first = await jsonOf<OrderPage>(await api.get('/orders?limit=2'), 200);
      expect(first.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await jsonOf<OrderPage>(
        await api.get(`/orders?limit=2&cursor=${first.nextCursor}`),
        200,
      );
      expect(second).toEqual({
        items: [expect.objectContaining({ id: ids[0] })],
        nextCursor: null,
      });

      expect(await problemOf(await api.get('/orders?cursor=bm90LWEtY3Vyc29y'))).toMatchObject({
        status: 400,
        code: 'ORDER.INVALID_CURSOR',
      });
      expect(await problemOf(await api.get(`/orders/not-a-uuid`))).toMatchObject({
        status: 400,
        code: 'REQUEST.VALIDATION',
      });
    });

    it('lets the customer cancel a PENDING order', async () => {
      const api = await customer();
      const placed = await api.placeOrder([{ sku: 'MUG-BLUE', quantity: 1 }]);
      const cancelled = await jsonOf<OrderResponse>(
        await api.request('POST', `/orders/${placed.id}/cancel`),
        200,
      );
      expect(cancelled).toMatchObject({ status: 'CANCELLED', statusReason: 'customer' });
    });
  });

  describe('admin search', () => {
    it('is for admins only', async () => {
      const api = await customer();
      expect(await problemOf(await api.get('/admin/orders'))).toMatchObject({
        status: 403,
        code: 'AUTH.FORBIDDEN',
      });
    });

    it('finds orders by status, customer and time range, a page at a time', async () => {
      const buyer = await customer();
      const before = new Date().toISOString();
      const a = await buyer.placeOrder([{ sku: 'MUG-BLUE', quantity: 1 }]);
      const b = await buyer.placeOrder([{ sku: 'TEE-M-01', quantity: 1 }]);
      await jsonOf(await buyer.request('POST', `/orders/${a.id}/cancel`), 200);
      const admin = new Api(order.url, await auth.token(randomUUID(), ['admin']));

      const all = await jsonOf<OrderPage>(
        await admin.get(`/admin/orders?customerId=${buyer.subject}`),
        200,
      );
      expect(all.items.map((item) => item.id)).toEqual([b.id, a.id]);
      const pending = await jsonOf<OrderPage>(
        await admin.get(`/admin/orders?customerId=${buyer.subject}&status=PENDING`),
        200,
      );
      expect(pending.items.map((item) => item.id)).toEqual([b.id]);
      const range = `from=${encodeURIComponent(before)}&to=${encodeURIComponent(b.createdAt)}`;
      const early = await jsonOf<OrderPage>(await admin.get(`/admin/orders?${range}`), 200);
      expect(early.items.map((item) => item.id)).toEqual([a.id]);

      const page = await jsonOf<OrderPage>(await admin.get('/admin/orders?limit=1'), 200);
      expect(page.items).toHaveLength(1);
      const next = await jsonOf<OrderPage>(
        await admin.get(`/admin/orders?limit=1&cursor=${page.nextCursor}`),
        200,
      );
      expect(next.items[0].createdAt <= page.items[0].createdAt).toBe(true);
      // A cursor belongs to its filters.
      expect(
        await problemOf(
          await admin.get(`/admin/orders?limit=1&status=PENDING&cursor=${page.nextCursor}`),
        ),
      ).toMatchObject({ status: 400, code: 'ORDER.INVALID_CURSOR' });
    });
  });
});
