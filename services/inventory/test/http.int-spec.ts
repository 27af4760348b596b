import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StockAdjusted } from '@shop/contracts';
import type { HttpService } from '@shop/platform-http';
import { ensureTopics } from '@shop/platform-messaging';
import { createTestKeyspace, testKafka, testTopicPrefix, type TestKeyspace } from '@shop/testing';
import { TopicCollector } from './support/events.js';
import { startInProcess } from './support/in-process.js';
import { inventoryEnv, scopedTopics } from './support/inventory-env.js';
import { TestIssuer } from './support/tokens.js';

describe('inventory HTTP API', () => {
  const kafka = testKafka('inventory-http');
  let keyspace: TestKeyspace;
  let issuer: TestIssuer;
  let service: HttpService;
  let published: TopicCollector;
  let admin: string;
  let customer: string;

  async function call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
    const response = await fetch(`${service.url}${path}`, {
      method,
      signal: AbortSignal.timeout(10_000),
      headers: {
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  beforeAll(async () => {
    keyspace = await createTestKeyspace('inventory_http');
    issuer = await TestIssuer.start();
    const prefix = testTopicPrefix('inv-http');
    const scope = {
      keyspace: keyspace.name,
      prefix,
      groupId: `${prefix}inventory`,
      jwksUrl: issuer.jwksUrl,
    };
    const topic = scopedTopics(scope);
    await ensureTopics(kafka, [topic.orders, topic.products, topic.stock]);
    service = await startInProcess(inventoryEnv(scope));
    published = await TopicCollector.start(kafka, topic.stock);
    admin = issuer.token('admin-1', ['admin']);
    customer = issuer.token('customer-1', ['customer']);
  });

  afterAll(async () => {
    await published?.stop();
    await service?.close();
    await issuer?.close();
    await keyspace?.drop();
  });

  it('sets, adjusts and reads stock as an admin, publishing stock.adjusted for each change', async () => {
    const set = await call('PUT', '/admin/stock/LAMP-1', {
      token: admin,
      body: { available: 10, reason: 'stock take' },
    });
    expect(set).toMatchObject({ status: 200, body: { sku: 'LAMP-1', available: 10, version: 1 } });
    const adjusted = await call('POST', '/admin/stock/LAMP-1/adjustments', {
      token: admin,
      body: { delta: -3, reason: 'broken in transit' },
    });
    expect(adjusted).toMatchObject({
      status: 201,
      body: { available: 7, reserved: 0, version: 2 },
    });
    expect(await call('GET', '/admin/stock/LAMP-1', { token: admin })).toMatchObject({
      status: 200,
      body: { sku: 'LAMP-1', available: 7, reserved: 0, committed: 0, version: 2 },
    });

    const events = (await published.waitFor('stock.adjusted', 'LAMP-1', 2)) as StockAdjusted[];
    expect(events.map((event) => event.data)).toEqual([
      { sku: 'LAMP-1', available: 10, delta: 10, reason: 'stock take', stockVersion: 1 },
      { sku: 'LAMP-1', available: 7, delta: -3, reason: 'broken in transit', stockVersion: 2 },
    ]);
  });

  it('pages the ledger newest first with an opaque cursor', async () => {
    await call('PUT', '/admin/stock/PAGE-1', {
      token: admin,
      body: { available: 1, reason: 'first' },
    });
    for (const delta of [2, 3]) {
      await call('POST', '/admin/stock/PAGE-1/adjustments', {
        token: admin,
        body: { delta, reason: 'delivery' },
      });
    }
    const first = await call('GET', '/admin/stock/PAGE-1/movements?limit=2', { token: admin });
    expect(first.status).toBe(200);
    expect((first.body.items as { version: number }[]).map((m) => m.version)).toEqual([3, 2]);
    expect(first.body.items).toMatchObject([
      { kind: 'adjust', reason: 'delivery', reference: 'admin-1', delta: { available: 3 } },
      {},
    ]);
    const next = await call(
      'GET',
      `/admin/stock/PAGE-1/movements?limit=2&cursor=${String(first.body.nextCursor)}`,
      {
        token: admin,
      },
    );
    expect((next.body.items as { version: number }[]).map((m) => m.version)).toEqual([1]);
    expect(next.body.nextCursor).toBeNull();
  });

  it('tells the storefront what is available, without a token', async () => {
    await call('PUT', '/admin/stock/AVAIL-1', {
      token: admin,
      body: { available: 4, reason: 'stock take' },
    });
    const response = await call('POST', '/availability', {
      body: { skus: ['AVAIL-1', 'UNKNOWN-1'] },
    });
    expect(response).toMatchObject({
      status: 200,
      body: {
        items: [
          { sku: 'AVAIL-1', available: 4 },
          { sku: 'UNKNOWN-1', available: 0 },
        ],
      },
    });
  });

  it('answers bad input with a 400 problem naming each field', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `SKU-${i}`);
    for (const body of [
      { skus: [] },
      { skus: tooMany },
      { skus: ['lower-case'] },
      { skus: ['A-1'], extra: 1 },
    ]) {
      const response = await call('POST', '/availability', { body });
      expect(response.status).toBe(400);
      expect(response.type).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('REQUEST.VALIDATION');
      expect((response.body.errors as unknown[]).length).toBeGreaterThan(0);
    }
    const negative = await call('PUT', '/admin/stock/LAMP-1', {
      token: admin,
      body: { available: -1, reason: 'x' },
    });
    expect(negative.body).toMatchObject({
      status: 400,
      code: 'REQUEST.VALIDATION',
      errors: [{ path: 'available' }],
    });
    const zero = await call('POST', '/admin/stock/LAMP-1/adjustments', {
      token: admin,
      body: { delta: 0, reason: 'x' },
    });
    expect(zero.body).toMatchObject({ code: 'REQUEST.VALIDATION', errors: [{ path: 'delta' }] });
    const badSku = await call('GET', '/admin/stock/not%20a%20sku', { token: admin });
    expect(badSku.body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION' });
    const badCursor = await call('GET', '/admin/stock/LAMP-1/movements?cursor=nonsense', {
      token: admin,
    });
    expect(badCursor.body).toMatchObject({ status: 400, code: 'INVENTORY.INVALID_CURSOR' });
  });

  it('answers domain failures with their codes', async () => {
    const missing = await call('GET', '/admin/stock/NOPE-1', { token: admin });
    expect(missing).toMatchObject({ status: 404, body: { code: 'INVENTORY.SKU_NOT_FOUND' } });
    expect(missing.type).toMatch(/^application\/problem\+json/);
    const adjustMissing = await call('POST', '/admin/stock/NOPE-1/adjustments', {
      token: admin,
      body: { delta: 1, reason: 'delivery' },
    });
    expect(adjustMissing.status).toBe(404);
    await call('PUT', '/admin/stock/FEW-1', {
      token: admin,
      body: { available: 2, reason: 'stock take' },
    });
    const overdraw = await call('POST', '/admin/stock/FEW-1/adjustments', {
      token: admin,
      body: { delta: -3, reason: 'write-off' },
    });
    expect(overdraw).toMatchObject({
      status: 409,
      body: {
        code: 'INVENTORY.INSUFFICIENT_STOCK',
        details: { sku: 'FEW-1', requested: 3, available: 2 },
      },
    });
  });

  it('keeps admin routes from anonymous callers (401) and non-admins (403)', async () => {
    const anonymous = await call('GET', '/admin/stock/LAMP-1');
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'AUTH.MISSING_TOKEN' } });
    for (const [method, path, body] of [
      ['GET', '/admin/stock/LAMP-1', undefined],
      ['PUT', '/admin/stock/LAMP-1', { available: 1, reason: 'x' }],
      ['POST', '/admin/stock/LAMP-1/adjustments', { delta: 1, reason: 'x' }],
      ['GET', '/admin/stock/LAMP-1/movements', undefined],
    ] as const) {
      const response = await call(method, path, { token: customer, body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.type).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('AUTH.FORBIDDEN');
    }
    expect((await call('GET', '/admin/stock/LAMP-1', { token: admin })).body.available).toBe(7);
  });

  it('is ready when Cassandra and Kafka answer', async () => {
    const ready = await fetch(`${service.managementUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { cassandra: 'ok', kafka: 'ok' } });
  });
});
