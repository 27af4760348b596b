/**
 * Bad input against the running platform: requests generated from the OpenAPI documents (the
 * gateway's merged one, and each service's own at its own port) and unreadable messages on every
 * topic a service consumes. No 5xx, every 4xx a problem with a `code`, every unreadable message
 * in a dead-letter topic, and every service still ready and still selling afterwards.
 *
 * Deterministic: `CHAOS_SEED` picks the sequence (a fixed default). `CHAOS_SCALE=full` sends
 * ten times as many requests.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopic, testKafka } from '@shop/testing';
import { LOAD_RATE_LIMITS } from '@shop/launcher/isolated';
import {
  fuzzScale,
  operationsOf,
  planCases,
  Prng,
  runCases,
  withServiceBodies,
  type Door,
  type Fixtures,
  type FuzzReport,
  type OpenApiDocument,
  type Operation,
} from '../src/fuzz/index.ts';
import { closeConnections, send } from '../src/http.ts';
import {
  BACKEND_SERVICES,
  CHAOS_ADMIN,
  startChaosPlatform,
  type BackendService,
  type ChaosPlatform,
} from '../src/platform.ts';
import { consumedTopics, poisonFor, subscriptions, type PoisonMessage } from '../src/poison.ts';
import { Client } from './support/customer.ts';
import { expectOk } from './support/problem.ts';

const scale = fuzzScale();
/** What each service accepts at most (their READMEs); the gateway's is 64 KiB. */
const BODY_LIMITS: Record<BackendService | 'gateway', number> = {
  gateway: 64 * 1024,
  auth: 16 * 1024,
  catalog: 100 * 1024,
  inventory: 100 * 1024,
  order: 100 * 1024,
};

let chaos: ChaosPlatform;
let admin: Client;
let customer: Client;
let fixtures: Fixtures;
let spareSku: string;

interface Product {
  id: string;
  sku: string;
}

async function prepareFixtures(): Promise<void> {
  const api = chaos.shop.api;
  admin = await new Client(api).login(CHAOS_ADMIN.email, CHAOS_ADMIN.password);
  customer = await new Client(api).register();
  const products = expectOk(await admin.call<{ items: Product[] }>('/products?limit=100')).items;
  const [first, last] = [products[0], products.at(-1)];
  if (!first || !last || first === last) throw new Error('the fuzz run needs two products');
  spareSku = last.sku;
  for (const sku of [first.sku, last.sku]) {
    expectOk(
      await admin.call(`/admin/stock/${sku}`, {
        method: 'PUT',
        body: { available: 500, reason: 'fuzz' },
      }),
    );
  }
  expectOk(await customer.call('/cart/items', { body: { sku: first.sku, quantity: 1 } }));
  const order = await customer.call<{ id: string }>('/orders', {
    method: 'POST',
    headers: { 'idempotency-key': randomUUID() },
  });
  const categories = expectOk(await admin.call<{ items: { id: string }[] }>('/categories')).items;
  fixtures = {
    sku: first.sku,
    productId: first.id,
    orderId: expectOk(order, 202).id,
    categoryId: categories[0]?.id ?? 'none',
    refreshToken: customer.tokens?.refreshToken ?? '',
  };
}

beforeAll(async () => {
  chaos = await startChaosPlatform({
    name: 'chaos_fuzz',
    products: 12,
    // The fuzzer needs volume: the gateway's rate limits would answer most of it with 429.
    overrides: { gateway: { ...LOAD_RATE_LIMITS } },
  });
  await prepareFixtures();
}, 300_000);

afterAll(async () => {
  closeConnections();
  await chaos?.shop.stop();
}, 60_000);

async function documentAt(url: string): Promise<OpenApiDocument> {
  return expectOk(await send<OpenApiDocument>({ url }));
}

function door(name: string, baseUrl: string): Door {
  return {
    name,
    baseUrl,
    tokens: {
      customer: customer.token ?? '',
      admin: admin.token ?? '',
      garbage: 'eyJhbGciOiJub25lIn0.e30.',
    },
  };
}

function summarize(report: FuzzReport): string {
  const findings = report.findings
    .slice(0, 15)
    .map((f) => `  [${f.rule}] ${f.request}\n    -> ${f.detail}`)
    .join('\n');
  return `${report.sent} sent${report.cut ? ' (cut by the time bound)' : ''}, statuses ${JSON.stringify(report.byStatus)}, ${report.findings.length} findings:\n${findings}`;
}

async function serviceOperations(service: BackendService): Promise<Operation[]> {
  return operationsOf(await documentAt(`${chaos.shop.platform.url(service)}/openapi.json`));
}

async function readiness(): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  for (const name of [...BACKEND_SERVICES, 'gateway'] as const) {
    const url = `${chaos.shop.platform.managementUrl(name)}/health/ready`;
    statuses[name] = (await send({ url, timeoutMs: 5_000 })).status;
  }
  return statuses;
}

const ALL_READY = { auth: 200, catalog: 200, inventory: 200, order: 200, gateway: 200 };

describe('bad HTTP input, generated from the OpenAPI documents', () => {
  const started = Date.now();
  const deadline = (share: number) => started + scale.timeBudgetMs * share;

  it('fuzzes every operation of the storefront document through the gateway', async () => {
    const storefront = operationsOf(await documentAt(`${chaos.shop.api}/openapi.json`));
    expect(storefront.length).toBeGreaterThanOrEqual(25);
    const own = (await Promise.all(BACKEND_SERVICES.map(serviceOperations))).flat();
    const operations = withServiceBodies(storefront, own);
    const ctx = { fixtures, bodyLimitBytes: BODY_LIMITS.gateway };
    const cases = planCases(operations, scale.gatewayRequests, ctx, new Prng(scale.seed));
    const report = await runCases(door('gateway', chaos.shop.api), cases, {
      concurrency: scale.concurrency,
      deadline: deadline(0.65),
    });
    console.info(`gateway: ${summarize(report)}`);
    expect(report.sent).toBeGreaterThanOrEqual(operations.length);
    expect(report.findings, summarize(report)).toEqual([]);
  }, 600_000);

  it('fuzzes every operation of each service at its own port', async () => {
    const reports: FuzzReport[] = [];
    const rng = new Prng(scale.seed + 1);
    for (const [index, service] of BACKEND_SERVICES.entries()) {
      const operations = await serviceOperations(service);
      const ctx = { fixtures, bodyLimitBytes: BODY_LIMITS[service] };
      const cases = planCases(
        operations,
        scale.serviceRequests / BACKEND_SERVICES.length,
        ctx,
        rng.fork(service),
      );
      const share = 0.65 + (0.3 * (index + 1)) / BACKEND_SERVICES.length;
      reports.push(
        await runCases(door(service, chaos.shop.platform.url(service)), cases, {
          concurrency: scale.concurrency,
          deadline: deadline(share),
        }),
      );
    }
    for (const report of reports) console.info(summarize(report));
    const findings = reports.flatMap((report) => report.findings);
    expect(findings, reports.map(summarize).join('\n')).toEqual([]);
  }, 600_000);

  it('leaves every service ready', async () => {
    expect(await readiness(), chaos.shop.lastOutput()).toEqual(ALL_READY);
  });
});

describe('unreadable messages on every consumed topic', () => {
  const sent = new Map<string, PoisonMessage[]>();

  it('dead-letters every one of them for every consumer group', async () => {
    const kafka = testKafka('chaos-poison');
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      for (const topic of consumedTopics(chaos.namespace)) {
        const messages = poisonFor(topic);
        sent.set(topic, messages);
        await producer.send({
          topic,
          messages: messages.map(({ key, value }) => ({ key, value })),
        });
      }
    } finally {
      await producer.disconnect();
    }
    for (const subscription of subscriptions(chaos.namespace)) {
      const poison = sent.get(subscription.topic) ?? [];
      const letters = await readTopic(kafka, subscription.deadLetters, poison.length, {
        timeoutMs: 90_000,
      });
      const byKey = new Map(letters.map((letter) => [letter.key, letter]));
      for (const message of poison) {
        const letter = byKey.get(message.key);
        expect(
          letter,
          `${message.kind} on ${subscription.topic} for ${subscription.group}`,
        ).toBeDefined();
        expect(letter?.headers['dlq-reason']).toBe('unreadable');
        expect(letter?.headers['dlq-consumer-group']).toBe(subscription.group);
      }
    }
  }, 240_000);

  it('keeps the partitions flowing: every service ready and a checkout still confirmed', async () => {
    expect(await readiness(), chaos.shop.lastOutput()).toEqual(ALL_READY);
    const buyer = await new Client(chaos.shop.api).register();
    expectOk(
      await admin.call(`/admin/stock/${spareSku}`, {
        method: 'PUT',
        body: { available: 50, reason: 'fuzz' },
      }),
    );
    expectOk(await buyer.call('/cart/items', { body: { sku: spareSku, quantity: 1 } }));
    const order = expectOk(
      await buyer.call<{ id: string }>('/orders', {
        method: 'POST',
        headers: { 'idempotency-key': randomUUID() },
      }),
      202,
    );
    let status = 'PENDING';
    for (let attempt = 0; attempt < 120 && status === 'PENDING'; attempt++) {
      status = expectOk(await buyer.call<{ status: string }>(`/orders/${order.id}`)).status;
      if (status === 'PENDING') await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe('CONFIRMED');
  }, 120_000);
});
