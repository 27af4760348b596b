import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOT_PROCESSED_HEADER } from '@shop/platform-http';
import { metrics } from '@shop/platform-telemetry';
import { waitFor } from '@shop/testing';
import { call, expectProblem } from './support/http.js';
import { startPlatform, type TestPlatform } from './support/platform.js';
import { json, problem, type Handler } from './support/stand-in.js';

/** Generous bound for "answers quickly": far below a hang, not a measured figure. */
const QUICKLY_MS = 2_000;

let platform: TestPlatform;
let api: string;
let admin: string;
let customer: string;

// A gateway per test: each starts with closed breakers. Timeout 1 s, breaker 5 failures / 1 s.
beforeEach(async () => {
  platform = await startPlatform('gateway-resilience');
  api = platform.gateway.api;
  admin = await platform.auth.token('admin-1', ['admin']);
  customer = await platform.auth.token('customer-1');
});

afterEach(async () => {
  expect(platform.gateway.faults()).toEqual([]);
  await platform?.stop();
});

/** Answers with `handlers` in turn, then with the last one for good. */
function inTurn(...handlers: Handler[]): Handler {
  let next = 0;
  return (request, response) => handlers[Math.min(next++, handlers.length - 1)](request, response);
}

const hang: Handler = () => undefined;
/** How a replica of a platform service refuses a request while it shuts down. */
const shuttingDown: Handler = (_request, response) =>
  void response
    .writeHead(503, {
      'content-type': 'application/problem+json',
      connection: 'close',
      [NOT_PROCESSED_HEADER]: 'true',
    })
    .end(JSON.stringify({ status: 503, code: 'SERVICE.SHUTTING_DOWN' }));
const reset: Handler = (_request, response) => void response.socket?.destroy();
const plain =
  (status: number): Handler =>
  (_request, response) =>
    void response.writeHead(status, { 'content-type': 'text/html' }).end('<h1>oops</h1>');

async function circuitState(upstream: string): Promise<number> {
  const text = await metrics.render();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`gateway_circuit_state{upstream="${upstream}"}`));
  return Number(line?.split(' ')[1]);
}

describe('timeouts', () => {
  it('answers 504 soon after the timeout when a service hangs, retries included', async () => {
    platform.services.order.handler = hang;
    const read = await call(`${api}/cart`, { token: customer });
    expectProblem(read, 504, 'GATEWAY.UPSTREAM_TIMEOUT');
    expect(read.elapsedMs).toBeLessThan(QUICKLY_MS + 500);
    const write = await call(`${api}/cart/items`, { method: 'POST', token: customer, body: {} });
    expectProblem(write, 504, 'GATEWAY.UPSTREAM_TIMEOUT');
    expect(write.elapsedMs).toBeLessThan(QUICKLY_MS + 500);
    expect(platform.services.order.seenAt('/cart/items')).toHaveLength(1);
  });
});

describe('a service that is stopped', () => {
  it('answers 503 quickly with Retry-After, and recovers once it is back', async () => {
    const { catalog } = platform.services;
    expect((await call(`${api}/categories`)).status).toBe(200);
    await catalog.stop();
    for (let i = 0; i < 4; i++) {
      const down = await call(`${api}/categories`);
      expectProblem(down, 503, 'GATEWAY.UPSTREAM_UNAVAILABLE');
      expect(Number(down.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(down.elapsedMs).toBeLessThan(QUICKLY_MS);
    }
    // Three attempts per read: the breaker is open by now and answers without trying.
    const refused = await call(`${api}/categories`);
    expect(refused.body.details).toEqual({ upstream: 'catalog', reason: 'circuit-open' });
    expect(await circuitState('catalog')).toBe(2);

    await catalog.listen();
    await waitFor(async () => (await call(`${api}/categories`)).status === 200, {
      timeoutMs: 10_000,
      intervalMs: 200,
      what: 'the gateway to reach the catalog again',
    });
    expect(await circuitState('catalog')).toBe(0);
  });
});

describe('the circuit breaker', () => {
  const adjust = () =>
    call(`${api}/admin/stock/MUG-1/adjustments`, { method: 'POST', token: admin, body: {} });

  it('opens after 5 consecutive failures and then answers without calling the service', async () => {
    const { inventory } = platform.services;
    inventory.handler = plain(502);
    for (let i = 0; i < 5; i++) expectProblem(await adjust(), 502, 'GATEWAY.UPSTREAM_FAILED');
    const open = await adjust();
    expectProblem(open, 503, 'GATEWAY.UPSTREAM_UNAVAILABLE');
    expect(open.body.details).toEqual({ upstream: 'inventory', reason: 'circuit-open' });
    expect(inventory.seen).toHaveLength(5);
    // Other services are not affected.
    expect((await call(`${api}/categories`)).status).toBe(200);
  });

  it('lets one probe through after the cool-down and closes when it succeeds', async () => {
    const { inventory } = platform.services;
    inventory.handler = plain(503);
    for (let i = 0; i < 5; i++) await adjust();
    expect(inventory.seen).toHaveLength(5);
    await sleep(1_100);
    inventory.handler = async (request, response) => {
      await sleep(300);
      await json({ sku: 'MUG-1' }, 201)(request, response);
    };
    const answers = await Promise.all([adjust(), adjust(), adjust()]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 503, 503]);
    expect(inventory.seen).toHaveLength(6);
    expect((await adjust()).status).toBe(201);
  });

  it('opens again when the probe fails', async () => {
    const { inventory } = platform.services;
    inventory.handler = plain(502);
    for (let i = 0; i < 5; i++) await adjust();
    await sleep(1_100);
    expectProblem(await adjust(), 502, 'GATEWAY.UPSTREAM_FAILED');
    expect(inventory.seen).toHaveLength(6);
    expect((await adjust()).body.details).toEqual({
      upstream: 'inventory',
      reason: 'circuit-open',
    });
    expect(inventory.seen).toHaveLength(6);
  });
});

describe('retries', () => {
  it('reads again after a reset connection or a 503, and the client sees only the success', async () => {
    const { order } = platform.services;
    order.handler = inTurn(reset, plain(503), json({ lines: [] }));
    const answer = await call(`${api}/cart`, { token: customer });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ lines: [] });
    expect(order.seenAt('/cart')).toHaveLength(3);
  });

  it('gives up on a read after three attempts', async () => {
    const { order } = platform.services;
    order.handler = plain(503);
    expectProblem(await call(`${api}/orders`, { token: customer }), 502, 'GATEWAY.UPSTREAM_FAILED');
    expect(order.seenAt('/orders')).toHaveLength(3);
  });

  it('sends a write again only when that is safe: with an Idempotency-Key, or refused before it ran', async () => {
    const { order } = platform.services;
    order.handler = inTurn(reset, json({ id: 'o-1' }, 202));
    const checkout = await call(`${api}/orders`, {
      method: 'POST',
      token: customer,
      headers: { 'idempotency-key': 'key-12345678' },
    });
    expect(checkout.status).toBe(202);
    order.handler = inTurn(shuttingDown, json({ lines: [] }, 201));
    const added = await call(`${api}/cart/items`, { method: 'POST', token: customer, body: {} });
    expect(added.status).toBe(201);
    order.handler = inTurn(reset, json({ lines: [] }, 201));
    expectProblem(
      await call(`${api}/cart/items`, { method: 'POST', token: customer, body: {} }),
      502,
      'GATEWAY.UPSTREAM_FAILED',
    );
    order.handler = plain(503);
    expect(
      (await call(`${api}/cart/items/A-1`, { method: 'DELETE', token: customer })).status,
    ).toBe(502);
    expect(order.seen.map((r) => r.method)).toEqual([
      'POST',
      'POST',
      'POST',
      'POST',
      'POST',
      'DELETE',
    ]);
  });
});

describe('broken answers', () => {
  it('answers 502 to a 5xx that is not a problem, and passes a problem through', async () => {
    const { auth } = platform.services;
    auth.handler = plain(500);
    expectProblem(
      await call(`${api}/auth/register`, { method: 'POST', body: {} }),
      502,
      'GATEWAY.UPSTREAM_FAILED',
    );
    auth.handler = problem(500, 'INTERNAL');
    expectProblem(
      await call(`${api}/auth/register`, { method: 'POST', body: {} }),
      500,
      'INTERNAL',
    );
  });

  it('answers 502 to an answer that is not HTTP', async () => {
    platform.services.auth.handler = (_request, response) =>
      void response.socket?.end('this is not http\r\n\r\n');
    expectProblem(
      await call(`${api}/auth/refresh`, { method: 'POST', body: {} }),
      502,
      'GATEWAY.UPSTREAM_FAILED',
    );
  });
});
