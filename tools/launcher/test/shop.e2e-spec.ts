/**
 * The shop end to end: the five services as separate processes against the real servers of the
 * devstack, driven only through the gateway's storefront API, the way a client shops.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpSpanKind } from '@shop/testing';
import { allSkus } from '../src/seed.ts';
import { Shopper, type Order } from '../src/shopper.ts';
import { ADMIN, TestPlatform } from './support/test-platform.ts';

let shop: TestPlatform;
let admin: Shopper;
let skus: string[];
let nextSku = 0;

/** A SKU no other test touches, stocked with `units`. */
async function freshSku(units: number): Promise<string> {
  const sku = skus[nextSku++];
  if (!sku) throw new Error('the seeded catalog ran out of SKUs for the tests');
  await admin.setStock(sku, units);
  return sku;
}

async function newCustomer(): Promise<Shopper> {
  const customer = new Shopper(shop.api);
  await customer.register(`e2e-${randomUUID()}@e2e.test`, 'a customer password');
  return customer;
}

beforeAll(async () => {
  shop = await TestPlatform.start(40);
  admin = new Shopper(shop.api);
  await admin.login(ADMIN.email, ADMIN.password);
  skus = await allSkus(shop.platform.url('catalog'));
}, 300_000);

afterAll(async () => {
  await shop?.stop();
}, 60_000);

describe('the shopping journey', () => {
  it('registers, signs in, searches, browses, fills the cart and checks out to CONFIRMED', async () => {
    const sku = await freshSku(10);
    const customer = new Shopper(shop.api);
    const email = `e2e-${randomUUID()}@e2e.test`;
    await customer.register(email, 'a customer password');
    await customer.login(email, 'a customer password');
    const me = await customer.request<{ email: string }>('/auth/me');
    expect(me.body.email).toBe(email);

    const categories = await customer.request<{ items: unknown[] }>('/categories');
    expect(categories.status).toBe(200);
    const listed = await customer.request<{ items: { id: string; sku: string; name: string }[] }>(
      '/products?limit=100',
    );
    const product = listed.body.items.find((item) => item.sku === sku);
    expect(product).toBeDefined();
    const word = product!.name.split(' ')[0];
    const found = await customer.request<{ items: { sku: string }[] }>(
      `/products?q=${encodeURIComponent(word)}&limit=100`,
    );
    expect(found.body.items.map((item) => item.sku)).toContain(sku);
    const detail = await customer.request<Record<string, unknown>>(`/products/${product!.id}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).toContain('"available":10');

    await customer.addToCart(sku, 3);
    const order = await customer.checkout();
    expect(order.status).toBe('PENDING');
    expect((await customer.settled(order.id)).status).toBe('CONFIRMED');
    const stock = await admin.stockUntil(sku, (level) => level.committed === 3);
    expect(stock).toMatchObject({ available: 7, reserved: 0, committed: 3 });
    const cart = await customer.request<{ lines: unknown[] }>('/cart');
    expect(cart.body.lines).toEqual([]);
  });

  it('rejects an order of more than is in stock and reserves nothing', async () => {
    const sku = await freshSku(2);
    const customer = await newCustomer();
    await customer.addToCart(sku, 5);
    const order = await customer.settled((await customer.checkout()).id);
    expect(order.status).toBe('REJECTED');
    expect(await admin.stock(sku)).toMatchObject({ available: 2, reserved: 0, committed: 0 });
  });

  it('restores the stock when the customer cancels a confirmed order', async () => {
    const sku = await freshSku(6);
    const customer = await newCustomer();
    await customer.addToCart(sku, 4);
    const order = await customer.settled((await customer.checkout()).id);
    expect(order.status).toBe('CONFIRMED');
    const cancel = await customer.request<Order>(`/orders/${order.id}/cancel`, { method: 'POST' });
    expect([200, 202]).toContain(cancel.status);
    expect((await customer.order(order.id)).status).toBe('CANCELLED');
    const stock = await admin.stockUntil(sku, (level) => level.available === 6);
    expect(stock).toMatchObject({ available: 6, reserved: 0, committed: 0 });
  });
});

describe('one checkout is one trace', () => {
  it('joins the spans of the gateway, order, inventory and the Kafka hops under one trace id', async () => {
    const sku = await freshSku(5);
    const customer = await newCustomer();
    await customer.addToCart(sku, 1);
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const order = await customer.checkout({ traceparent });
    expect((await customer.settled(order.id)).status).toBe('CONFIRMED');

    const spans = await shop.traces.waitForSpans((received) => {
      const own = received.filter((span) => span.traceId === traceId);
      const services = new Set(own.map((span) => span.serviceName));
      const kinds = new Set(own.map((span) => span.kind));
      const consumers = new Set(
        own.filter((span) => span.kind === OtlpSpanKind.CONSUMER).map((span) => span.serviceName),
      );
      return (
        ['gateway', 'order', 'inventory'].every((name) => services.has(name)) &&
        kinds.has(OtlpSpanKind.PRODUCER) &&
        consumers.has('inventory') &&
        consumers.has('order')
      );
    }, 30_000);
    const own = spans.filter((span) => span.traceId === traceId);
    const consumers = own.filter((span) => span.kind === OtlpSpanKind.CONSUMER);
    expect(consumers.map((span) => span.serviceName)).toEqual(
      expect.arrayContaining(['inventory', 'order']),
    );
  });
});

describe('access', () => {
  it('answers 401 without a token, 403 to a customer on an admin route', async () => {
    const anonymous = new Shopper(shop.api);
    const cart = await anonymous.request('/cart');
    expect(cart.status).toBe(401);
    expect(cart.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const customer = await newCustomer();
    const stock = await customer.request(`/admin/stock/${skus[0]}`);
    expect(stock.status).toBe(403);
    const orders = await customer.request('/admin/orders');
    expect(orders.status).toBe(403);
  });

  it("answers 404 to a customer asking for another customer's order", async () => {
    const sku = await freshSku(5);
    const owner = await newCustomer();
    await owner.addToCart(sku, 1);
    const order = await owner.checkout();
    const other = await newCustomer();
    const answer = await other.request(`/orders/${order.id}`);
    expect(answer.status).toBe(404);
    const cancel = await other.request(`/orders/${order.id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(404);
  });
});

describe('faults', () => {
  it('answers 503 quickly while an upstream is stopped, and recovers when it is back', async () => {
    const before = await new Shopper(shop.api).request('/products?limit=1');
    expect(before.status).toBe(200);
    await shop.platform.supervisor.stop('catalog');
    try {
      const started = Date.now();
      const down = await new Shopper(shop.api).request<{ code: string }>('/products?limit=1');
      const elapsed = Date.now() - started;
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(typeof down.body.code).toBe('string');
      // "Quickly": far below the upstream timeout, not a measured figure.
      expect(elapsed).toBeLessThan(4_000);
    } finally {
      await shop.platform.restart('catalog');
    }
    const back = new Shopper(shop.api);
    let status = 0;
    for (let attempt = 0; attempt < 60 && status !== 200; attempt++) {
      status = (await back.request('/products?limit=1')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(200);
  });

  it('cancels the order and restores the stock when the payment is declined', async () => {
    const sku = await freshSku(4);
    // Last in the file: the order service is left declining every payment.
    await shop.restart('order', { PAYMENT_DECLINE_RATE: '1' });
    const customer = await newCustomer();
    await customer.addToCart(sku, 2);
    const order = await customer.settled((await customer.checkout()).id);
    expect(order).toMatchObject({ status: 'CANCELLED', statusReason: 'payment-declined' });
    const stock = await admin.stockUntil(sku, (level) => level.reserved === 0);
    expect(stock).toMatchObject({ available: 4, reserved: 0, committed: 0 });
  });
});
