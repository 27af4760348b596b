import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/http.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { json } from './support/stand-in.js';

let platform: TestPlatform;
let token: string;

beforeAll(async () => {
  platform = await startPlatform('gateway-bad-input', { RATE_LIMIT_PER_IP: '100000' });
  token = await platform.auth.token('u-1');
  // Services that answer anything with a product, so that the product page is aggregated too.
  const product = { id: 'p1', sku: 'MUG-1', name: 'Mug' };
  for (const service of Object.values(platform.services)) service.handler = json(product);
});

afterAll(async () => {
  await platform?.stop();
});

/** A raw request, for what `fetch` refuses to send. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${platform.gateway.url}${path}`,
      { method, headers, agent: false, timeout: 10_000 },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const LONG = 'a'.repeat(5_000);

describe('bad input: a 4xx (or the service answer), never a 5xx of the gateway', () => {
  it.each<[string, string, Record<string, string>?, string?]>([
    ['GET', '/api/v1/products/%'],
    ['GET', '/api/v1/products/%E0%A4%A'],
    ['GET', '/api/v1/products/%00'],
    ['GET', `/api/v1/products/${LONG}`],
    ['GET', `/api/v1/products?q=${LONG}&limit=-1&limit=x&sort[]=1`],
    ['GET', '/api/v1/products/..%2F..%2Fadmin'],
    ['GET', '/api/v1//products'],
    ['GET', '/api/v1/products/../../metrics'],
    ['GET', '/api/v1/cart', { authorization: `Bearer ${LONG}` }],
    ['GET', '/api/v1/cart', { authorization: 'Bearer a b c' }],
    ['GET', '/api/v1/cart', { authorization: 'Basic dTpw' }],
    ['GET', '/api/v1/cart', { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' }],
    ['GET', '/api/v1/categories', { 'x-request-id': 'bad id with spaces' }],
    ['GET', '/api/v1/categories', { 'x-forwarded-for': 'not-an-address' }],
    ['GET', '/api/v1/products/MUG-1', { 'if-none-match': LONG }],
    ['POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, '{"email":'],
    ['POST', '/api/v1/auth/login', { 'content-type': 'application/x-evil' }, '\u0000\u0001'],
    ['POST', '/api/v1/auth/login', {}, 'no content type'],
    ['POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, '{"__proto__":{}}'],
    ['PATCH', '/api/v1/cart/items/%ZZ', {}, '{}'],
    ['DELETE', '/api/v1/products/MUG-1'],
    ['PUT', '/api/v1/orders'],
    ['OPTIONS', '/api/v1/products'],
    ['TRACE', '/api/v1/products'],
    ['HEAD', '/api/v1/products/MUG-1'],
    ['GET', '/api/v1/orders/x/events', { 'last-event-id': LONG }],
  ])('%s %s', async (method, path, headers = {}, body = undefined) => {
    const status = await raw(method, path, headers, body);
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
  });

  it('refuses oversized bodies with 413 whatever their type', async () => {
    const big = 'x'.repeat(70 * 1024);
    expect(await raw('POST', '/api/v1/auth/register', { 'content-type': 'text/plain' }, big)).toBe(
      413,
    );
    expect(await raw('POST', '/api/v1/cart/items', { authorization: `Bearer ${token}` }, big)).toBe(
      413,
    );
  });

  it('stays up, and logged no fault of its own', async () => {
    expect((await call(`${platform.gateway.managementUrl}/health/live`)).status).toBe(200);
    expect(platform.gateway.faults()).toEqual([]);
  });
});
