import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, expectProblem } from './support/http.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { json, problem } from './support/stand-in.js';

const PRODUCT = {
  id: '6650a1b2c3d4e5f601234567',
  sku: 'MUG-BLUE',
  name: 'Blue mug',
  slug: 'blue-mug',
  categoryId: 'kitchen',
  price: { amount: 1299, currency: 'EUR' },
  status: 'active',
  attributes: { colour: 'blue' },
  images: [],
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};

let platform: TestPlatform;
let api: string;

beforeAll(async () => {
  platform = await startPlatform('gateway-product');
  api = platform.gateway.api;
});

afterAll(async () => {
  await platform?.stop();
});

beforeEach(() => {
  const { catalog, inventory } = platform.services;
  catalog.seen.length = 0;
  inventory.seen.length = 0;
  catalog.handler = json(PRODUCT, 200, { etag: '"3"', 'cache-control': 'public, max-age=30' });
  inventory.handler = json({ items: [{ sku: 'MUG-BLUE', available: 7 }] });
});

describe('GET /products/:idOrSlug', () => {
  it("adds inventory's live availability to the catalog's product", async () => {
    const answer = await call(`${api}/products/blue-mug`, { headers: { 'x-request-id': 'pdp-1' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ...PRODUCT, availability: { available: 7, inStock: true } });
    expect(answer.headers.get('availability-status')).toBe('live');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=5');
    // The body is the gateway's: so is its validator, not the catalog's version.
    expect(answer.headers.get('etag')).toMatch(/^W\/".+"$/);
    expect(answer.headers.get('etag')).not.toBe('"3"');
    expect(platform.services.catalog.seen[0]?.url).toBe('/products/blue-mug');
    const [asked] = platform.services.inventory.seen;
    expect(asked).toMatchObject({ method: 'POST', url: '/availability' });
    expect(JSON.parse(asked?.body ?? '')).toEqual({ skus: ['MUG-BLUE'] });
    expect(asked?.headers['x-request-id']).toBe('pdp-1');
  });

  it('answers 304 to its own ETag, and does not pass the validator to the catalog', async () => {
    const first = await call(`${api}/products/blue-mug`);
    const etag = first.headers.get('etag') ?? '';
    const again = await call(`${api}/products/blue-mug`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(platform.services.catalog.seen[1]?.headers['if-none-match']).toBeUndefined();
    platform.services.inventory.handler = json({ items: [{ sku: 'MUG-BLUE', available: 0 }] });
    const changed = await call(`${api}/products/blue-mug`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body.availability).toEqual({ available: 0, inStock: false });
  });

  it('serves the product without availability when inventory is slow, quickly and uncached', async () => {
    platform.services.inventory.handler = async (request, response) => {
      await sleep(1_500);
      await json({ items: [{ sku: 'MUG-BLUE', available: 7 }] })(request, response);
    };
    const answer = await call(`${api}/products/blue-mug`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ...PRODUCT, availability: null });
    expect(answer.headers.get('availability-status')).toBe('unknown');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.elapsedMs).toBeLessThan(1_200);
  });

  it.each([
    ['a 500', problem(500, 'INTERNAL')],
    ['an answer that is not JSON', json('nope')],
    ['an answer without the SKU', json({ items: [] })],
  ])('serves the product without availability when inventory gives %s', async (_case, handler) => {
    platform.services.inventory.handler = handler;
    const answer = await call(`${api}/products/blue-mug`);
    expect(answer.status).toBe(200);
    expect(answer.body.availability).toBeNull();
  });

  it('keeps serving products while inventory is down, without waiting once its breaker is open', async () => {
    const { inventory } = platform.services;
    await inventory.stop();
    try {
      for (let i = 0; i < 7; i++) {
        const answer = await call(`${api}/products/blue-mug`);
        expect(answer.status).toBe(200);
        expect(answer.body.availability).toBeNull();
        expect(answer.elapsedMs).toBeLessThan(1_000);
      }
    } finally {
      await inventory.listen();
    }
    await sleep(1_100);
    const back = await call(`${api}/products/blue-mug`);
    expect(back.body.availability).toEqual({ available: 7, inStock: true });
  });

  it("passes the catalog's 404 on, without asking inventory", async () => {
    platform.services.catalog.handler = problem(404, 'CATALOG.PRODUCT_NOT_FOUND');
    expectProblem(await call(`${api}/products/no-such-mug`), 404, 'CATALOG.PRODUCT_NOT_FOUND');
    expect(platform.services.inventory.seen).toHaveLength(0);
  });

  it('answers 502 when the catalog answers something that is not a product', async () => {
    platform.services.catalog.handler = json({ name: 'no sku here' });
    expectProblem(await call(`${api}/products/blue-mug`), 502, 'GATEWAY.UPSTREAM_FAILED');
    platform.services.catalog.handler = (_request, response) =>
      void response.writeHead(200, { 'content-type': 'application/json' }).end('{broken');
    expectProblem(await call(`${api}/products/blue-mug`), 502, 'GATEWAY.UPSTREAM_FAILED');
  });

  it('logged no fault of its own', () => {
    expect(platform.gateway.faults()).toEqual([]);
  });
});
