import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '@shop/platform-telemetry';
import { waitFor } from '@shop/testing';
import { call, expectProblem, type Answer } from './support/http.js';
import { OwnRedis } from './support/own-redis.js';
import { json } from './support/stand-in.js';
import { startPlatform, type TestPlatform } from './support/platform.js';

const WINDOW_SECONDS = 60;

/** `count` calls in a row (bounded), their answers in order. */
async function repeat(count: number, send: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) answers.push(await send());
  return answers;
}

function limitsOf(answer: Answer) {
  return {
    limit: answer.headers.get('ratelimit-limit'),
    remaining: answer.headers.get('ratelimit-remaining'),
    reset: Number(answer.headers.get('ratelimit-reset')),
  };
}

describe('rate limits in Redis', () => {
  let platform: TestPlatform;
  let api: string;

  beforeAll(async () => {
    platform = await startPlatform('gateway-limits', {
      // As behind the chart's ingress: each test speaks for client addresses of its own.
      TRUSTED_PROXIES: '1',
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
      RATE_LIMIT_PER_IP: '5',
      RATE_LIMIT_LOGIN_PER_IP: '2',
      RATE_LIMIT_PER_CUSTOMER: '4',
      RATE_LIMIT_CHECKOUT_PER_CUSTOMER: '1',
    });
    api = platform.gateway.api;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** A call from the client address `ip`, as the one trusted hop (the ingress) appended it. */
  const from = (ip: string, path: string, init: Parameters<typeof call>[1] = {}) =>
    call(`${api}${path}`, { ...init, headers: { ...init.headers, 'x-forwarded-for': ip } });

  it('counts down per address and refuses past the limit with 429 and Retry-After', async () => {
    const answers = await repeat(6, () => from('198.51.100.1', '/categories'));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.slice(0, 5).map((a) => limitsOf(a).remaining)).toEqual([
      '4',
      '3',
      '2',
      '1',
      '0',
    ]);
    const first = limitsOf(answers[0]);
    expect(first.limit).toBe('5');
    expect(first.reset).toBeGreaterThan(0);
    expect(first.reset).toBeLessThanOrEqual(WINDOW_SECONDS);
    const refused = answers[5];
    expectProblem(refused, 429, 'GATEWAY.RATE_LIMITED');
    expect(refused.body.details).toEqual({ limit: 'ip' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limitsOf(refused).remaining).toBe('0');
    expect(platform.services.catalog.seenAt('/categories')).toHaveLength(5);
    // Another address has its own budget.
    expect((await from('198.51.100.2', '/categories')).status).toBe(200);
  });

  it('counts unknown paths and refused tokens against the address too', async () => {
    const notFound = await from('198.51.100.3', '/nothing-here');
    expect(notFound.status).toBe(404);
    expect(limitsOf(notFound).remaining).toBe('4');
    const unauthorized = await from('198.51.100.3', '/cart');
    expect(unauthorized.status).toBe(401);
    expect(limitsOf(unauthorized).remaining).toBe('3');
  });

  it('limits logins per address more strictly than other calls', async () => {
    const login = () => from('198.51.100.4', '/auth/login', { method: 'POST', body: {} });
    const answers = await repeat(3, login);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(limitsOf(answers[0])).toMatchObject({ limit: '2', remaining: '1' });
    expect(answers[2].body.details).toEqual({ limit: 'login' });
    expect((await from('198.51.100.4', '/categories')).status).toBe(200);
    expect((await from('198.51.100.5', '/auth/login', { method: 'POST', body: {} })).status).toBe(
      200,
    );
  });

  it('limits a customer across addresses, and not another customer on the same address', async () => {
    const token = await platform.auth.token('limited-customer');
    const answers = await Promise.all(
      ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'].map((ip) =>
        from(ip, '/cart', { token }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.details).toEqual({ limit: 'customer' });
    const other = await from('203.0.113.9', '/cart', { token: await platform.auth.token('other') });
    expect(other.status).toBe(200);
    // Reported is the budget closest to running out: the customer's 4, not the address's 5.
    expect(limitsOf(other)).toMatchObject({ limit: '4', remaining: '3' });
  });

  it('limits checkouts per customer more strictly than other calls', async () => {
    const token = await platform.auth.token('buyer');
    const checkout = () =>
      from('203.0.113.20', '/orders', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
    const first = await checkout();
    expect(first.status).toBe(200);
    const second = await checkout();
    expectProblem(second, 429, 'GATEWAY.RATE_LIMITED');
    expect(second.body.details).toEqual({ limit: 'checkout' });
    expect(
      platform.services.order.seenAt('/orders').filter((r) => r.method === 'POST'),
    ).toHaveLength(1);
    expect((await from('203.0.113.21', '/cart', { token })).status).toBe(200);
  });

  it('keys on what the trusted hop appended: addresses a client prepends choose nothing', async () => {
    const login = (prepended: string) =>
      call(`${api}/auth/login`, {
        method: 'POST',
        body: {},
        headers: { 'x-forwarded-for': `${prepended}, 198.51.100.40` },
      });
    const answers = [await login('203.0.113.41'), await login('203.0.113.42')];
    answers.push(await login('203.0.113.43'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2].body.details).toEqual({ limit: 'login' });
  });

  it('logged no fault of its own', () => {
    expect(platform.gateway.faults()).toEqual([]);
  });
});

describe('the client address with the default setting (no trusted proxy)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform('gateway-no-proxy', { RATE_LIMIT_LOGIN_PER_IP: '3' });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('counts every spoofed X-Forwarded-For against the peer: the fourth login is refused', async () => {
    let next = 50;
    const answers = await repeat(4, () => {
      const spoofed = `203.0.113.${next++}`;
      return call(`${platform.gateway.api}/auth/login`, {
        method: 'POST',
        body: {},
        headers: { 'x-forwarded-for': spoofed },
      });
    });
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expectProblem(answers[3], 429, 'GATEWAY.RATE_LIMITED');
    // What auth is told is the address the gateway resolved, the peer's.
    const forwarded = platform.services.auth
      .seenAt('/auth/login')
      .map((r) => r.headers['x-forwarded-for']);
    expect(new Set(forwarded)).toEqual(new Set(['127.0.0.1']));
  });
});

describe('Redis unavailable', () => {
  let redis: OwnRedis;
  let platform: TestPlatform;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    platform = await startPlatform('gateway-redis-down', {
      REDIS_URL: redis.url,
      RATE_LIMIT_PER_IP: '3',
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await redis?.kill();
  });

  it('lets requests through uncounted, stays ready naming Redis, and counts again once Redis is back', async () => {
    const { api, managementUrl } = platform.gateway;
    const { catalog, inventory } = platform.services;
    catalog.handler = json({ sku: 'MUG-BLUE', name: 'Blue mug', slug: 'blue-mug' });
    inventory.handler = json({ items: [{ sku: 'MUG-BLUE', available: 7 }] });
    expect((await call(`${managementUrl}/health/ready`)).body).toEqual({
      status: 'ok',
      checks: { redis: 'ok' },
    });
    expect((await call(`${api}/categories`)).headers.get('ratelimit-limit')).toBe('3');

    await redis.kill();
    const errorsBefore = await storeErrors();
    const answers = await repeat(6, () => call(`${api}/categories`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.every((a) => a.headers.get('ratelimit-limit') === null)).toBe(true);
    expect(answers.every((a) => a.elapsedMs < 2_000)).toBe(true);
    expect(await storeErrors()).toBeGreaterThanOrEqual(errorsBefore + 6);
    // Readiness reflects what the gateway cannot serve without; Redis is not that.
    const ready = await call(`${managementUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { redis: 'failed' }, degraded: ['redis'] });
    expect((await call(`${managementUrl}/health/live`)).status).toBe(200);
    const page = await call(`${api}/products/blue-mug`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ sku: 'MUG-BLUE', availability: { available: 7 } });

    await redis.restart();
    await waitFor(
      async () => (await call(`${managementUrl}/health/ready`)).body.degraded === undefined,
      { timeoutMs: 15_000, what: 'the gateway to see Redis again' },
    );
    const counted = await call(`${api}/categories`);
    expect(counted.headers.get('ratelimit-limit')).toBe('3');
    expect(platform.gateway.faults()).toEqual([]);
  });
});

async function storeErrors(): Promise<number> {
  const text = await metrics.render();
  const line = text.split('\n').find((l) => l.startsWith('gateway_rate_limit_store_errors_total'));
  return Number(line?.split(' ')[1] ?? 0);
}
