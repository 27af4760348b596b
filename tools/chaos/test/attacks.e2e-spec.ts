/**
 * The OWASP API Security Top 10 (2023) against the running platform: through the gateway, and at
 * each service's own port, because every service checks tokens itself (the gateway is the first
 * check, not the only one). The real rate limits stay on: this file proves them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JWTPayload } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import { topics } from '@shop/contracts';
import { devstackScram, readTopic, testKafka, waitFor } from '@shop/testing';
import { send, type Answer } from '../src/http.ts';
import { TOKEN_SHAPE } from '../src/platform.ts';
import { forgedStockReserved } from '../src/poison.ts';
import {
  hs256WithPublicKey,
  nowSeconds,
  tamper,
  unsignedToken,
  validPayload,
} from '../src/tokens.ts';
import { AttackTarget } from './support/attack-platform.ts';
import { Client, type TokenPair } from './support/customer.ts';
import { expectOk, expectProblem } from './support/problem.ts';

let target: AttackTarget;

beforeAll(async () => {
  target = await AttackTarget.start(60);
}, 300_000);

afterAll(async () => {
  await target?.stop();
}, 60_000);

interface Order {
  id: string;
  status: string;
  total: { amount: number; currency: string };
  lines: { sku: string; quantity: number; unitPrice: { amount: number } }[];
}

interface Cart {
  lines: { sku: string; quantity: number }[];
  total: { amount: number; currency: string };
}

function checkout(
  client: Client,
  key: string = randomUUID(),
  body?: object,
): Promise<Answer<Order>> {
  return client.call<Order>('/orders', {
    method: 'POST',
    headers: { 'idempotency-key': key },
    ...(body ? { body } : {}),
  });
}

async function filledCart(client: Client, sku: string, quantity = 1): Promise<void> {
  expectOk(await client.call('/cart/items', { body: { sku, quantity } }));
}

describe('API1 broken object-level authorization', () => {
  let owner: Client;
  let other: Client;
  let order: Order;
  let key: string;

  beforeAll(async () => {
    const sku = await target.freshSku();
    owner = await target.customer();
    other = await target.customer();
    await filledCart(owner, sku);
    key = randomUUID();
    order = expectOk(await checkout(owner, key), 202);
  });

  for (const door of ['gateway', 'order service'] as const) {
    it(`another customer cannot read, cancel or follow an order (${door})`, async () => {
      const base = door === 'gateway' ? target.api : target.service('order');
      const as = { token: other.token };
      for (const [method, path] of [
        ['GET', `/orders/${order.id}`],
        ['POST', `/orders/${order.id}/cancel`],
        ['GET', `/orders/${order.id}/events`],
      ] as const) {
        expectProblem(await send({ ...as, method, url: `${base}${path}` }), 404, 'ORDER.NOT_FOUND');
      }
      const own = expectOk(await owner.call<Order>(`/orders/${order.id}`));
      expect(own.status).not.toBe('CANCELLED');
    });
  }

  it("lists only the caller's own orders and refuses a customerId in the query", async () => {
    const page = expectOk(await other.call<{ items: Order[] }>('/orders'));
    expect(page.items.map((item) => item.id)).not.toContain(order.id);
    const widened = await other.call(`/orders?customerId=${owner.id}`);
    expectProblem(widened, 400, 'REQUEST.VALIDATION');
  });

  it("keeps carts apart: no one reads, changes or empties another customer's cart", async () => {
    const sku = await target.freshSku();
    await filledCart(owner, sku, 2);
    expect(expectOk(await other.call<Cart>('/cart')).lines).toEqual([]);
    const patch = await other.call(`/cart/items/${sku}`, {
      method: 'PATCH',
      body: { quantity: 9 },
    });
    expectProblem(patch, 404, 'CART.ITEM_NOT_FOUND');
    expectOk(await other.call(`/cart/items/${sku}`, { method: 'DELETE' }));
    expectOk(await other.call('/cart', { method: 'DELETE' }), 204);
    const cart = expectOk(await owner.call<Cart>('/cart'));
    expect(cart.lines).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
  });

  it("does not replay another customer's order for their Idempotency-Key", async () => {
    const answer = await checkout(other, key);
    expectProblem(answer, 422, 'CART.EMPTY');
    expect(answer.text).not.toContain(order.id);
  });
});

interface AdminRoute {
  name: string;
  method: string;
  path: () => Promise<string>;
  service: 'catalog' | 'inventory' | 'order';
  body?: () => Promise<object>;
  headers?: Record<string, string>;
}

async function categoryId(): Promise<string> {
  const answer = await target.admin.call<{ items: { id: string }[] }>('/categories');
  const first = expectOk(answer).items[0];
  if (!first) throw new Error('no category seeded');
  return first.id;
}

const ADMIN_ROUTES: AdminRoute[] = [
  {
    name: 'POST /admin/products',
    method: 'POST',
    path: async () => '/admin/products',
    service: 'catalog',
    body: async () => ({
      sku: `CHAOS-${randomBytes(4).toString('hex').toUpperCase()}`,
      name: 'Forbidden product',
      categoryId: await categoryId(),
      price: { amount: 1, currency: 'EUR' },
    }),
  },
  {
    name: 'GET /admin/products/:id',
    method: 'GET',
    path: async () => `/admin/products/${(await target.product(target.skus[0] ?? '')).id}`,
    service: 'catalog',
  },
  {
    name: 'PATCH /admin/products/:id',
    method: 'PATCH',
    path: async () => `/admin/products/${(await target.product(target.skus[0] ?? '')).id}`,
    service: 'catalog',
    headers: { 'if-match': '"1"' },
    body: async () => ({ price: { amount: 1, currency: 'EUR' } }),
  },
  {
    name: 'POST /admin/products/:id/archive',
    method: 'POST',
    path: async () => `/admin/products/${(await target.product(target.skus[0] ?? '')).id}/archive`,
    service: 'catalog',
  },
  {
    name: 'GET /admin/stock/:sku',
    method: 'GET',
    path: async () => `/admin/stock/${target.skus[0]}`,
    service: 'inventory',
  },
  {
    name: 'PUT /admin/stock/:sku',
    method: 'PUT',
    path: async () => `/admin/stock/${target.skus[0]}`,
    service: 'inventory',
    body: async () => ({ available: 1_000_000, reason: 'free stock' }),
  },
  {
    name: 'POST /admin/stock/:sku/adjustments',
    method: 'POST',
    path: async () => `/admin/stock/${target.skus[0]}/adjustments`,
    service: 'inventory',
    body: async () => ({ delta: 1_000_000, reason: 'free stock' }),
  },
  {
    name: 'GET /admin/stock/:sku/movements',
    method: 'GET',
    path: async () => `/admin/stock/${target.skus[0]}/movements`,
    service: 'inventory',
  },
  { name: 'GET /admin/orders', method: 'GET', path: async () => '/admin/orders', service: 'order' },
];

describe('API5 broken function-level authorization: every admin route', () => {
  let customer: Client;
  beforeAll(async () => {
    customer = await target.customer();
  });

  for (const route of ADMIN_ROUTES) {
    it(`refuses ${route.name}: 401 without a token, 403 to a customer, at the gateway and the service`, async () => {
      const path = await route.path();
      const body = route.body ? await route.body() : undefined;
      for (const base of [target.api, target.service(route.service)]) {
        const request = {
          method: route.method,
          url: `${base}${path}`,
          headers: route.headers,
          body,
        };
        expectProblem(await send(request), 401, 'AUTH.MISSING_TOKEN');
        expectProblem(await send({ ...request, token: customer.token }), 403, 'AUTH.FORBIDDEN');
      }
    });
  }

  it('left the product, its stock and the order list as they were', async () => {
    const sku = target.skus[0] ?? '';
    const product = await target.product(sku);
    const full = expectOk(
      await target.admin.call<{ status: string; version: number }>(`/admin/products/${product.id}`),
    );
    expect(full).toMatchObject({ status: 'active', version: 1 });
    const stock = expectOk(await target.admin.call<{ available: number }>(`/admin/stock/${sku}`));
    expect(stock.available).toBeLessThan(1_000_000);
  });
});

interface TokenCase {
  name: string;
  token: () => Promise<string | undefined>;
  code: string;
}

describe('API2 broken authentication: tokens', () => {
  // The admin's own identity, minted with the platform's key: every case changes one thing.
  const base = (): JWTPayload => {
    const admin = target.admin;
    return validPayload(TOKEN_SHAPE, {
      sub: admin.id,
      roles: admin.me?.roles ?? [],
      email: admin.me?.email,
    });
  };
  const signed = (payload: JWTPayload, typ?: string) => target.chaos.key.sign(payload, { typ });
  const now = nowSeconds;

  const cases: TokenCase[] = [
    { name: 'no token', token: async () => undefined, code: 'AUTH.MISSING_TOKEN' },
    { name: 'garbage', token: async () => 'not-a-jwt', code: 'AUTH.INVALID_TOKEN' },
    {
      name: 'a forged signature (another key, same kid)',
      token: async () => (await target.chaos.key.impostor()).sign(base()),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'an unknown kid',
      token: async () => (await target.chaos.key.impostor()).sign(base(), { kid: 'unknown-kid' }),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'expired',
      token: () => signed({ ...base(), iat: now() - 7_200, exp: now() - 3_600 }),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'not yet valid (nbf in an hour)',
      token: () => signed({ ...base(), nbf: now() + 3_600 }),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'a wrong issuer',
      token: () => signed({ ...base(), iss: 'https://evil.example' }),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'a wrong audience',
      token: () => signed({ ...base(), aud: 'another-api' }),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'no audience',
      token: () => signed({ ...base(), aud: undefined }),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'no expiry',
      token: () => signed({ ...base(), exp: undefined }),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'the wrong type (typ JWT, e.g. an ID token)',
      token: () => signed(base(), 'JWT'),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'a refresh token used as an access token',
      token: async () => target.admin.tokens?.refreshToken,
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'alg none',
      token: async () => unsignedToken(base(), target.chaos.key.kid),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: 'HS256 signed with the public JWK as the secret',
      token: () => hs256WithPublicKey(base(), target.chaos.key.publicJwk),
      code: 'AUTH.INVALID_TOKEN',
    },
    {
      name: "a customer's token with its roles changed to admin (signature kept)",
      token: async () => {
        const customer = await target.customer();
        return tamper(customer.token ?? '', (payload) => ({ ...payload, roles: ['admin'] }));
      },
      code: 'AUTH.INVALID_TOKEN',
    },
  ];

  /** Routes every service guards, as the admin: each answers 200 to a valid admin token. */
  const doors = () => [
    `${target.api}/auth/me`,
    `${target.api}/cart`,
    `${target.api}/admin/stock/${target.skus[1]}`,
    `${target.service('auth')}/auth/me`,
    `${target.service('order')}/cart`,
    `${target.service('order')}/admin/orders`,
    `${target.service('inventory')}/admin/stock/${target.skus[1]}`,
  ];

  it('accepts a token with nothing wrong at every door (the control)', async () => {
    const token = await signed(base());
    for (const url of [
      ...doors(),
      `${target.service('catalog')}/admin/products/${(await target.product(target.skus[1] ?? '')).id}`,
    ]) {
      expectOk(await send({ url, token }));
    }
  });

  for (const testCase of cases) {
    it(`refuses ${testCase.name} at the gateway and at every service`, async () => {
      const token = await testCase.token();
      const product = await target.product(target.skus[1] ?? '');
      for (const url of [...doors(), `${target.service('catalog')}/admin/products/${product.id}`]) {
        expectProblem(await send({ url, token }), 401, testCase.code);
      }
    });
  }
});

describe('API2 broken authentication: refresh tokens', () => {
  const refresh = (client: Client, refreshToken: string) =>
    client.call<TokenPair>('/auth/refresh', { body: { refreshToken } });

  it('revokes the whole family when a rotated refresh token is presented again', async () => {
    const client = await target.customer();
    const first = client.tokens?.refreshToken ?? '';
    const second = expectOk(await refresh(client, first)).refreshToken;
    expectProblem(await refresh(client, first), 401, 'AUTH.REFRESH_REUSED');
    // The thief or the owner, whoever comes next with the newest token, is out too.
    expectProblem(
      await refresh(client, second),
      401,
      /^AUTH\.(REFRESH_REUSED|INVALID_REFRESH_TOKEN)$/,
    );
  });

  it('refuses a refresh token after logout, an unknown one and an access token', async () => {
    const client = await target.customer();
    const token = client.tokens?.refreshToken ?? '';
    expectOk(await client.call('/auth/logout', { body: { refreshToken: token } }), 204);
    expectProblem(
      await refresh(client, token),
      401,
      /^AUTH\.(REFRESH_REUSED|INVALID_REFRESH_TOKEN)$/,
    );
    const unknown = randomBytes(32).toString('base64url');
    expectProblem(await refresh(client, unknown), 401, 'AUTH.INVALID_REFRESH_TOKEN');
    const access = client.token ?? '';
    const asRefresh = await refresh(client, access);
    expect([400, 401], asRefresh.text).toContain(asRefresh.status);
    expectProblem(
      asRefresh,
      asRefresh.status,
      /^(REQUEST\.VALIDATION|AUTH\.INVALID_REFRESH_TOKEN)$/,
    );
  });
});

describe('API2 broken authentication: logout', () => {
  it('refuses the access token of a logged-out session at the gateway', async () => {
    const client = await target.customer();
    expectOk(await client.call('/auth/me'));
    const refreshToken = client.tokens?.refreshToken ?? '';
    // The client sends its access token along (Client.call does), as the API documents.
    expectOk(await client.call('/auth/logout', { body: { refreshToken } }), 204);
    for (const path of ['/auth/me', '/cart', '/orders']) {
      const answer = await client.call(path);
      expectProblem(answer, 401, 'AUTH.TOKEN_REVOKED');
      expect(answer.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
  });
});

describe('API3 broken object-property-level authorization: mass assignment', () => {
  it('refuses a registration that names its own role or id, and makes no account', async () => {
    const email = `chaos-${randomUUID()}@chaos.test`;
    const password = 'a chaos customer password';
    const client = new Client(target.api);
    for (const extra of [
      { role: 'admin' },
      { roles: ['admin'] },
      { id: randomUUID() },
      { isAdmin: true },
    ]) {
      const answer = await client.call('/auth/register', { body: { email, password, ...extra } });
      expectProblem(answer, 400, 'REQUEST.VALIDATION');
    }
    await client.register(email);
    expect(client.me?.roles).toEqual(['customer']);
  });

  it('refuses a price, a name or a customer in a cart line', async () => {
    const client = await target.customer();
    const sku = await target.freshSku();
    for (const extra of [
      { unitPrice: { amount: 1, currency: 'EUR' } },
      { price: 1 },
      { name: 'x' },
      { customerId: randomUUID() },
    ]) {
      const add = await client.call('/cart/items', { body: { sku, quantity: 1, ...extra } });
      expectProblem(add, 400, 'REQUEST.VALIDATION');
    }
    await filledCart(client, sku);
    const patch = await client.call(`/cart/items/${sku}`, {
      method: 'PATCH',
      body: { quantity: 2, sku: 'OTHER-SKU', unitPrice: { amount: 0, currency: 'EUR' } },
    });
    expectProblem(patch, 400, 'REQUEST.VALIDATION');
    expect(expectOk(await client.call<Cart>('/cart')).lines).toEqual([
      expect.objectContaining({ sku, quantity: 1 }),
    ]);
  });

  it('refuses a checkout that sets its own status, total, lines or customer', async () => {
    const client = await target.customer();
    const other = await target.customer();
    const sku = await target.freshSku();
    await filledCart(client, sku);
    for (const extra of [
      { status: 'CONFIRMED' },
      { total: { amount: 0, currency: 'EUR' } },
      { lines: [{ sku, quantity: 1, unitPrice: { amount: 0, currency: 'EUR' } }] },
      { customerId: other.id },
      { id: randomUUID() },
    ]) {
      expectProblem(await checkout(client, randomUUID(), extra), 400, 'REQUEST.VALIDATION');
    }
    const orders = expectOk(await client.call<{ items: Order[] }>('/orders'));
    expect(orders.items).toEqual([]);
  });

  it('refuses status, version, id and sku on product writes and leaves the product alone', async () => {
    const product = await target.product(target.skus[2] ?? '');
    const path = `/admin/products/${product.id}`;
    for (const extra of [
      { status: 'archived' },
      { version: 99 },
      { id: 'x' },
      { sku: 'NEW-SKU' },
    ]) {
      const patch = await target.admin.call(path, {
        method: 'PATCH',
        headers: { 'if-match': '"1"' },
        body: { name: 'Renamed', ...extra },
      });
      expectProblem(patch, 400, 'REQUEST.VALIDATION');
    }
    const create = await target.admin.call('/admin/products', {
      body: {
        sku: 'CHAOS-MASS',
        name: 'Mass',
        categoryId: await categoryId(),
        price: { amount: 100, currency: 'EUR' },
        status: 'archived',
        version: 7,
      },
    });
    expectProblem(create, 400, 'REQUEST.VALIDATION');
    const after = expectOk(await target.admin.call<{ name: string; version: number }>(path));
    expect(after.version).toBe(1);
    expect(after.name).not.toBe('Renamed');
  });

  it('refuses reserved, committed or version on stock writes and leaves the stock alone', async () => {
    const sku = await target.freshSku(7);
    const path = `/admin/stock/${sku}`;
    for (const extra of [{ reserved: 0 }, { committed: 5 }, { version: 1 }, { sku: 'OTHER' }]) {
      const put = await target.admin.call(path, {
        method: 'PUT',
        body: { available: 8, reason: 'x', ...extra },
      });
      expectProblem(put, 400, 'REQUEST.VALIDATION');
      const adjust = await target.admin.call(`${path}/adjustments`, {
        body: { delta: 1, reason: 'x', ...extra },
      });
      expectProblem(adjust, 400, 'REQUEST.VALIDATION');
    }
    const stock = expectOk(await target.admin.call(path));
    expect(stock).toMatchObject({ available: 7, reserved: 0, committed: 0 });
  });

  it('answers no more than the documented fields: no hashes, owners or internal state', async () => {
    const client = await target.customer();
    expect(Object.keys(client.me ?? {}).sort()).toEqual(
      expect.arrayContaining(['email', 'id', 'roles']),
    );
    expect(JSON.stringify(client.me)).not.toMatch(/password|hash|argon/i);
    const sku = await target.freshSku();
    const product = await target.product(sku);
    const detail = expectOk(await client.call<Record<string, unknown>>(`/products/${product.id}`));
    for (const field of ['pendingEvents', '_id', '__v']) expect(detail).not.toHaveProperty(field);
    await filledCart(client, sku);
    const order = expectOk(await checkout(client), 202) as unknown as Record<string, unknown>;
    expect(order).not.toHaveProperty('customerId');
  });
});

describe('API4 unrestricted resource consumption', () => {
  it('refuses page sizes over the maximum on every list', async () => {
    const client = await target.customer();
    for (const path of ['/products?limit=101', '/orders?limit=1000', '/products?limit=-1']) {
      expectProblem(await client.call(path), 400, 'REQUEST.VALIDATION');
    }
    for (const path of [
      '/admin/orders?limit=101',
      `/admin/stock/${target.skus[0]}/movements?limit=101`,
    ]) {
      expectProblem(await target.admin.call(path), 400, 'REQUEST.VALIDATION');
    }
    expectProblem(await client.call('/products?q=a+b+c+d+e+f+g'), 400, 'CATALOG.QUERY_TOO_LONG');
    const availability = await send({
      url: `${target.service('inventory')}/availability`,
      body: { skus: Array.from({ length: 101 }, (_, i) => `SKU-${i}`) },
    });
    expectProblem(availability, 400, 'REQUEST.VALIDATION');
  });

  it('refuses bodies over the limit with 413 at the gateway and at every service', async () => {
    const client = await target.customer();
    const padding = 'x'.repeat(65 * 1024);
    const big = await client.call('/cart/items', {
      fresh: true,
      body: { sku: 'A1', quantity: 1, padding },
    });
    expectProblem(big, 413, 'REQUEST.TOO_LARGE');
    // Chunked, without a Content-Length: the limit must hold while the body streams in.
    const chunked = await client.call('/auth/login', {
      fresh: true,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: JSON.stringify({ email: 'a@b.test', password: padding }),
    });
    expectProblem(chunked, 413, 'REQUEST.TOO_LARGE');
    const huge = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
    for (const [service, path] of [
      ['auth', '/auth/register'],
      ['catalog', '/admin/products'],
      ['inventory', '/availability'],
      ['order', '/cart/items'],
    ] as const) {
      const answer = await send({
        url: `${target.service(service)}${path}`,
        fresh: true,
        token: target.admin.token,
        headers: { 'content-type': 'application/json' },
        body: huge,
      });
      expectProblem(answer, 413, 'REQUEST.TOO_LARGE');
    }
  });

  it('refuses a request framed twice (Content-Length and chunked: request smuggling)', async () => {
    for (const base of [target.api, target.service('order')]) {
      const body = JSON.stringify({ sku: 'A1', quantity: 1 });
      const answer = await send({
        url: `${base}/cart/items`,
        fresh: true,
        token: target.admin.token,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'transfer-encoding': 'chunked',
        },
        body,
      });
      expectProblem(answer, 400, /^REQUEST\./);
    }
  });

  it('bounds a cart: 50 lines, 99 units a line', async () => {
    const client = await target.customer();
    const skus = target.skus.slice(-51);
    for (const sku of skus.slice(0, 50)) await filledCart(client, sku);
    const overflow = await client.call('/cart/items', { body: { sku: skus[50], quantity: 1 } });
    expectProblem(overflow, 422, 'CART.TOO_MANY_LINES');
    expectProblem(
      await client.call('/cart/items', { body: { sku: skus[0], quantity: 99 } }),
      422,
      'CART.QUANTITY_OUT_OF_RANGE',
    );
    expectProblem(
      await client.call('/cart/items', { body: { sku: skus[0], quantity: 100 } }),
      400,
      'REQUEST.VALIDATION',
    );
    expect(expectOk(await client.call<Cart>('/cart')).lines).toHaveLength(50);
  });
});

describe('API6 unrestricted access to a sensitive business flow: checkout abuse', () => {
  it('refuses negative, zero, fractional, huge and stringly quantities', async () => {
    const client = await target.customer();
    const sku = await target.freshSku();
    for (const quantity of [-1, 0, 1.5, 1e12, '2', null, true]) {
      const add = await client.call('/cart/items', { body: { sku, quantity } });
      expectProblem(add, 400, 'REQUEST.VALIDATION');
    }
    const infinite = await client.call('/cart/items', {
      headers: { 'content-type': 'application/json' },
      body: `{"sku":"${sku}","quantity":1e999}`,
    });
    expectProblem(infinite, 400, 'REQUEST.VALIDATION');
    await filledCart(client, sku);
    for (const quantity of [-5, 0, 0.5]) {
      const patch = await client.call(`/cart/items/${sku}`, {
        method: 'PATCH',
        body: { quantity },
      });
      expectProblem(patch, 400, 'REQUEST.VALIDATION');
    }
    expect(expectOk(await client.call<Cart>('/cart')).lines).toEqual([
      expect.objectContaining({ sku, quantity: 1 }),
    ]);
  });

  it('prices from the catalog: a total the client states is only a guard', async () => {
    const client = await target.customer();
    const sku = await target.freshSku();
    await filledCart(client, sku, 2);
    const cart = expectOk(await client.call<Cart>('/cart'));
    const cheap = await checkout(client, randomUUID(), {
      expectedTotal: { ...cart.total, amount: 1 },
    });
    expectProblem(cheap, 409, 'CART.TOTAL_CHANGED');
    const negative = await checkout(client, randomUUID(), {
      expectedTotal: { amount: -1, currency: 'EUR' },
    });
    expectProblem(negative, 400, 'REQUEST.VALIDATION');
    const order = expectOk(
      await checkout(client, randomUUID(), { expectedTotal: cart.total }),
      202,
    );
    expect(order.total).toEqual(cart.total);
  });

  it('requires a well-formed Idempotency-Key', async () => {
    const client = await target.customer();
    await filledCart(client, await target.freshSku());
    const none = await client.call('/orders', { method: 'POST' });
    expectProblem(none, 400, 'ORDER.IDEMPOTENCY_KEY_REQUIRED');
    for (const key of [
      'short',
      'has a space in it',
      'x'.repeat(65),
      '../../etc/passwd',
      'clé-clé-clé',
    ]) {
      expectProblem(await checkout(client, key), 400, 'ORDER.IDEMPOTENCY_KEY_INVALID');
    }
  });

  it('replays a key with the same body as the same order, and refuses it with another body', async () => {
    const client = await target.customer();
    await filledCart(client, await target.freshSku(), 3);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => checkout(client, key)));
    const ids = new Set(answers.map((answer) => expectOk(answer, 202).id));
    expect(ids.size).toBe(1);
    const replay = await checkout(client, key);
    expect(expectOk(replay, 202).id).toBe([...ids][0]);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const changed = await checkout(client, key, { expectedTotal: { amount: 1, currency: 'EUR' } });
    expectProblem(changed, 422, 'ORDER.IDEMPOTENCY_KEY_REUSED');
    expect(expectOk(await client.call<{ items: Order[] }>('/orders')).items).toHaveLength(1);
  });

  it('limits checkouts per customer: 30 a minute, then 429 with Retry-After', async () => {
    const client = await target.customer();
    for (let attempt = 0; attempt < 30; attempt++) {
      expectProblem(await checkout(client), 422, 'CART.EMPTY');
    }
    const limited = await checkout(client);
    expectProblem(limited, 429, 'GATEWAY.RATE_LIMITED');
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect((limited.json as { details?: { limit?: string } }).details?.limit).toBe('checkout');
  });
});

describe('API8 security misconfiguration', () => {
  it('answers malformed requests with problems that leak no stack or path', async () => {
    for (const base of [target.api, target.service('auth'), target.service('order')]) {
      const answer = await send({
        url: `${base}/auth/register`,
        headers: { 'content-type': 'application/json' },
        body: '{"email": ',
      });
      expect(answer.status).toBeLessThan(500);
      expect(answer.text).not.toMatch(/\bat [\w.<>]+ \(|\/work\/|node_modules|\.ts:\d+/);
    }
  });

  it('serves neither metrics nor probes on an API port: only on the management port', async () => {
    const doors = [
      target.chaos.shop.platform.url('gateway'),
      target.api,
      ...(['auth', 'catalog', 'inventory', 'order'] as const).map((name) => target.service(name)),
    ];
    for (const base of doors) {
      for (const path of ['/metrics', '/health/ready', '/health/live']) {
        expectProblem(await send({ url: `${base}${path}` }), 404, 'ROUTE.NOT_FOUND');
      }
    }
    const management = target.chaos.shop.platform.managementUrl('gateway');
    const metrics = await send({ url: `${management}/metrics` });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('gateway_rate_limited_requests_total');
  });
});

describe('forged events: a writer to Kafka that is not inventory', () => {
  it('cannot confirm a real order with a stock.reserved that is not its hold', async () => {
    const sku = await target.freshSku();
    const buyer = await target.customer();
    await filledCart(buyer, sku, 2);
    const order = expectOk(await checkout(buyer), 202);
    // One unit where the order has two, under a reservation the order never asked for.
    const forged = forgedStockReserved(target.chaos.namespace, order.id, [{ sku, quantity: 1 }]);
    const kafka = testKafka('chaos-forged-stock');
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({
        topic: forged.topic,
        messages: [{ key: forged.key, value: forged.value }],
      });
    } finally {
      await producer.disconnect();
    }

    const letters = await readTopic(kafka, forged.deadLetters, 1, { timeoutMs: 60_000 });
    const letter = letters.find((message) => message.value.includes(forged.id));
    expect(letter?.headers['dlq-error']).toMatch(/is not order .* hold/);
    // The saga goes on with inventory's own answer: the forged hold decided nothing.
    let status = 'PENDING';
    await waitFor(
      async () => {
        status = expectOk(await buyer.call<Order>(`/orders/${order.id}`)).status;
        return status !== 'PENDING';
      },
      { timeoutMs: 60_000, what: `order ${order.id} decided by the saga` },
    );
    expect(status).toBe('CONFIRMED');
  }, 120_000);

  // What protects prices (the order service has nothing to check a product.updated against) is
  // the broker: on a SASL listener, as the chart deploys it, a writer without the catalog's
  // credentials never gets to send. Per-topic ACLs are documented, not run here (no authorizer).
  it('cannot publish a forged product.updated to a SASL listener without credentials', async () => {
    const scram = devstackScram();
    const topic = `${target.chaos.namespace}${topics.catalogProduct}`;
    const forged = { key: 'p-forged', value: JSON.stringify({ type: 'product.updated' }) };
    for (const sasl of [
      undefined,
      { mechanism: 'scram-sha-512' as const, username: scram.username, password: 'guessed' },
    ]) {
      const producer = new Kafka({
        clientId: 'chaos-forged-product',
        brokers: [scram.brokers],
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
        ...(sasl ? { sasl } : {}),
      }).producer();
      const sent = producer.connect().then(() => producer.send({ topic, messages: [forged] }));
      await expect(sent, sasl ? 'a guessed password' : 'no credentials').rejects.toThrow();
      await producer.disconnect();
    }
  });
});

describe('API2 login rate limiting (the real limits)', () => {
  // The gateway here trusts one hop, as behind the chart's ingress: this suite plays the ingress,
  // so each test speaks for an address of its own (TEST-NET-3) and spends no attempts of the
  // suite's own address. The last cases prove what a client can and cannot do with the header.
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const login = (email: string, password: string, address: string) =>
    send({ url: `${target.api}/auth/login`, headers: from(address), body: { email, password } });

  it('backs an address off an account after 5 failed logins, the right password included', async () => {
    const client = await target.customer();
    const email = client.me?.email ?? '';
    const address = '203.0.113.10';
    for (let attempt = 0; attempt < 5; attempt++) {
      expectProblem(
        await login(email, 'a wrong password!', address),
        401,
        'AUTH.INVALID_CREDENTIALS',
      );
    }
    const backedOff = await login(email, 'a chaos customer password', address);
    expectProblem(backedOff, 429, 'AUTH.TOO_MANY_ATTEMPTS');
    expect(backedOff.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('cannot lock the owner out: after many failures from other addresses the right password logs in', async () => {
    const client = await target.customer();
    const email = client.me?.email ?? '';
    // Under the old scheme the first 5 of these locked the account for 15 minutes.
    for (const address of ['203.0.113.30', '203.0.113.31', '203.0.113.32', '203.0.113.33']) {
      for (let attempt = 0; attempt < 5; attempt++) {
        expectProblem(
          await login(email, 'a wrong password!', address),
          401,
          'AUTH.INVALID_CREDENTIALS',
        );
      }
      expectProblem(
        await login(email, 'a wrong password!', address),
        429,
        'AUTH.TOO_MANY_ATTEMPTS',
      );
    }
    const owner = await login(email, 'a chaos customer password', '203.0.113.39');
    expect(owner.status, owner.text).toBe(200);
  });

  it('limits logins from one address to 20 a window at the gateway', async () => {
    const address = '203.0.113.20';
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await login(`nobody-${attempt}@chaos.test`, 'a wrong password!', address);
      expectProblem(answer, 401, 'AUTH.INVALID_CREDENTIALS');
    }
    const limited = await login('nobody@chaos.test', 'a wrong password!', address);
    expectProblem(limited, 429, 'GATEWAY.RATE_LIMITED');
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect((limited.json as { details?: { limit?: string } }).details?.limit).toBe('login');
    // Another address is not affected.
    const other = await login('nobody@chaos.test', 'a wrong password!', '203.0.113.21');
    expectProblem(other, 401, 'AUTH.INVALID_CREDENTIALS');
  });

  it('with one trusted hop, lets no client choose its key by prepending addresses', async () => {
    // What the ingress appended (the client's real address) comes last; the rest is the client's.
    const chain = (attempt: number) => `198.51.100.${attempt + 1}, 203.0.113.40`;
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await login(
        `nobody-${attempt}@chaos.test`,
        'a wrong password!',
        chain(attempt),
      );
      expectProblem(answer, 401, 'AUTH.INVALID_CREDENTIALS');
    }
    const limited = await login('nobody@chaos.test', 'a wrong password!', chain(20));
    expectProblem(limited, 429, 'GATEWAY.RATE_LIMITED');
  });

  it('with the default setting (no trusted proxy), keys 25 spoofed addresses as one: 429', async () => {
    // Issue 18: 25 failed logins, each with its own `X-Forwarded-For`, all got 401 before.
    const statuses = await target.withGateway({ TRUSTED_PROXIES: '' }, async () => {
      const seen: number[] = [];
      for (let attempt = 1; attempt <= 25; attempt++) {
        const answer = await login(
          `spoof-${attempt}@chaos.test`,
          'a wrong password!',
          `203.0.113.${attempt}`,
        );
        expect(answer.status, answer.text).toBeLessThan(500);
        seen.push(answer.status);
      }
      return seen;
    });
    // The peer's budget is 20 and other tests may have spent some of it: refused from the 21st
    // at the latest, and refused from then on.
    // (Before the fix each address was a key of its own: 401s, a 429 only for the addresses the
    // tests above had spent, then 401s again.)
    const seen = JSON.stringify(statuses);
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused, seen).toBeGreaterThanOrEqual(0);
    expect(firstRefused, seen).toBeLessThanOrEqual(20);
    expect(
      statuses.slice(0, firstRefused).every((status) => status === 401),
      seen,
    ).toBe(true);
    expect(
      statuses.slice(firstRefused).every((status) => status === 429),
      seen,
    ).toBe(true);
  });

  it('leaves every service ready after the attacks', async () => {
    const statuses = await target.readiness();
    expect(statuses, target.lastOutput()).toEqual({
      auth: 200,
      catalog: 200,
      inventory: 200,
      order: 200,
      gateway: 200,
    });
  });
});
