import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { call, expectProblem } from './support/http.js';
import { json, problem } from './support/stand-in.js';

let platform: TestPlatform;
let api: string;

beforeAll(async () => {
  // One trusted hop, as behind the chart's ingress: the address it appended is the client's.
  platform = await startPlatform('gateway-routing', { TRUSTED_PROXIES: '1' });
  api = platform.gateway.api;
});

afterAll(async () => {
  await platform?.stop();
});

beforeEach(() => {
  for (const service of Object.values(platform.services)) {
    service.seen.length = 0;
    service.handler = json({ ok: true });
  }
});

describe('forwarding', () => {
  it('sends a public call on as it came, with the request id and the client address', async () => {
    const { auth } = platform.services;
    auth.handler = json({ accessToken: 'a', refreshToken: 'r' }, 200, {
      'cache-control': 'no-store',
      server: 'internal-detail',
    });
    const body = '{"email":"a@b.example",  "password":"0123456789"}';
    const answer = await call(`${api}/auth/login`, {
      method: 'POST',
      body,
      headers: { 'x-forwarded-for': '203.0.113.9', accept: 'application/json' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ accessToken: 'a', refreshToken: 'r' });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('server')).toBeNull();
    const [seen] = auth.seenAt('/auth/login');
    expect(seen?.method).toBe('POST');
    expect(seen?.body).toBe(body);
    expect(seen?.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-request-id': answer.headers.get('x-request-id'),
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'http',
    });
  });

  it("keeps a caller's request id, and forwards only the address it resolved", async () => {
    const answer = await call(`${api}/products?limit=2`, {
      headers: { 'x-request-id': 'client-id-42', 'x-forwarded-for': '198.51.100.1, 203.0.113.9' },
    });
    expect(answer.headers.get('x-request-id')).toBe('client-id-42');
    const [seen] = platform.services.catalog.seenAt('/products');
    expect(seen?.headers['x-request-id']).toBe('client-id-42');
    expect(seen?.headers['x-forwarded-for']).toBe('203.0.113.9');
  });

  it('passes the query string as sent and keeps a path parameter one segment', async () => {
    await call(`${api}/products?q=blue%20mug&limit=5&sort=price_asc`);
    expect(platform.services.catalog.seen[0]?.url).toBe(
      '/products?q=blue%20mug&limit=5&sort=price_asc',
    );
    const token = await platform.auth.token('u-1');
    await call(`${api}/orders/..%2Fadmin%2Forders`, { token });
    expect(platform.services.order.seen[0]?.url).toBe('/orders/..%2Fadmin%2Forders');
  });

  it('passes the conditional, idempotency and stream headers through', async () => {
    const token = await platform.auth.token('u-1');
    await call(`${api}/orders`, {
      method: 'POST',
      token,
      headers: { 'idempotency-key': 'key-12345678', 'if-none-match': '"x"', 'last-event-id': '3' },
    });
    await call(`${api}/admin/products/abc`, {
      method: 'PATCH',
      token: await platform.auth.token('admin-1', ['admin']),
      body: { name: 'x' },
      headers: { 'if-match': '"2"' },
    });
    const [checkout] = platform.services.order.seenAt('/orders');
    expect(checkout).toMatchObject({ method: 'POST', body: '' });
    expect(checkout?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'idempotency-key': 'key-12345678',
      'if-none-match': '"x"',
      'last-event-id': '3',
    });
    expect(platform.services.catalog.seenAt('/admin/products/abc')[0]?.headers['if-match']).toBe(
      '"2"',
    );
  });

  it('drops the headers a Connection header names, and the cookies', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(
        `${api}/products`,
        {
          headers: {
            connection: 'keep-alive, accept-language',
            'accept-language': 'fr',
            cookie: 'session=1',
            'x-forwarded-host': 'evil.example',
          },
          agent: false,
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(status).toBe(200);
    const headers = platform.services.catalog.seen[0]?.headers ?? {};
    expect(headers).not.toHaveProperty('accept-language');
    expect(headers).not.toHaveProperty('cookie');
    expect(headers).not.toHaveProperty('x-forwarded-host');
  });

  it("answers with the service's problem, status and Location, under the gateway's prefix", async () => {
    platform.services.catalog.handler = json({ id: 'p-1' }, 201, {
      location: '/admin/products/p-1',
      etag: '"1"',
    });
    const admin = await platform.auth.token('admin-1', ['admin']);
    const created = await call(`${api}/admin/products`, { method: 'POST', token: admin, body: {} });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/admin/products/p-1');
    expect(created.headers.get('etag')).toBe('"1"');

    platform.services.order.handler = problem(409, 'ORDER.INVALID_TRANSITION');
    const token = await platform.auth.token('u-1');
    const conflict = await call(`${api}/orders/o-1/cancel`, { method: 'POST', token });
    expectProblem(conflict, 409, 'ORDER.INVALID_TRANSITION');
    expect(conflict.body.instance).toBe('/api/v1/orders/o-1/cancel');

    platform.services.order.handler = (_request, response) => void response.writeHead(204).end();
    expect((await call(`${api}/cart`, { method: 'DELETE', token })).status).toBe(204);
  });
});

describe('the routes the gateway knows', () => {
  it('answers an unknown path 404 and a known one with a wrong method 405', async () => {
    expectProblem(await call(`${api}/nope`), 404, 'ROUTE.NOT_FOUND');
    const wrongMethod = await call(`${api}/categories`, { method: 'DELETE' });
    expectProblem(wrongMethod, 405, 'REQUEST.METHOD_NOT_ALLOWED');
    expect(wrongMethod.headers.get('allow')).toContain('GET');
    expect(Object.values(platform.services).every((s) => s.seen.length === 0)).toBe(true);
  });

  it('refuses a body over 64 KiB with 413 before forwarding it', async () => {
    const answer = await call(`${api}/auth/register`, {
      method: 'POST',
      body: JSON.stringify({ email: 'x'.repeat(70_000) }),
    });
    expectProblem(answer, 413, 'REQUEST.TOO_LARGE');
    expect(platform.services.auth.seen).toHaveLength(0);
  });
});

describe('access', () => {
  it('refuses a call without a token, or with a bad one, before forwarding it', async () => {
    const missing = await call(`${api}/cart`);
    expectProblem(missing, 401, 'AUTH.MISSING_TOKEN');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expectProblem(await call(`${api}/auth/me`, { token: 'not.a.jwt' }), 401, 'AUTH.INVALID_TOKEN');
    expect(platform.services.order.seen).toHaveLength(0);
    expect(platform.services.auth.seen).toHaveLength(0);
  });

  it('refuses a customer on an admin route with 403, and lets an admin through', async () => {
    const customer = await platform.auth.token('u-1', ['customer']);
    expectProblem(
      await call(`${api}/admin/stock/MUG-1`, { token: customer }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(await call(`${api}/admin/orders`, { token: customer }), 403, 'AUTH.FORBIDDEN');
    expect(platform.services.inventory.seen).toHaveLength(0);
    const admin = await platform.auth.token('admin-1', ['admin']);
    const answer = await call(`${api}/admin/stock/MUG-1`, { token: admin });
    expect(answer.status).toBe(200);
    expect(platform.services.inventory.seen[0]?.headers.authorization).toBe(`Bearer ${admin}`);
  });

  it('forwards the token unchanged on customer routes', async () => {
    const token = await platform.auth.token('u-7');
    expect(
      (
        await call(`${api}/cart/items`, {
          method: 'POST',
          token,
          body: { sku: 'A-1', quantity: 1 },
        })
      ).status,
    ).toBe(200);
    const [seen] = platform.services.order.seenAt('/cart/items');
    expect(seen?.headers.authorization).toBe(`Bearer ${token}`);
    expect(JSON.parse(seen?.body ?? '')).toEqual({ sku: 'A-1', quantity: 1 });
  });
});

it('logged no fault of its own', () => {
  expect(platform.gateway.faults()).toEqual([]);
});
