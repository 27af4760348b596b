import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@shop/contracts';
import { readTopic, testKafka, waitFor } from '@shop/testing';
import type { CatalogProduct } from '../src/products/products.schema.js';
import { seedCatalog } from '../src/seed/seed-catalog.js';
import { TestAuth } from './support/auth.js';
import {
  cleanUp,
  openDatabase,
  startCatalog,
  testConfig,
  unexpectedFailures,
  testEnvironment,
  type RunningCatalog,
} from './support/catalog-app.js';
import { call, expectProblem } from './support/http.js';
import { createProduct, newProductRequest, patchProduct } from './support/products.js';

interface Envelope {
  id: string;
  type: string;
  subject: string;
  correlationId: string;
  data: { productVersion: number; name?: string; status?: string };
}

describe('admin products over HTTP', () => {
  let auth: TestAuth;
  let catalog: RunningCatalog;
  let replica: RunningCatalog | undefined;
  let db: Connection;
  let admin: string;
  let customer: string;
  let mugs: string;
  let chairs: string;

  beforeAll(async () => {
    auth = await TestAuth.start();
    const config = testConfig(testEnvironment('catalog_admin', auth.jwksUrl));
    db = await openDatabase(config);
    await seedCatalog(db, { products: 0 });
    catalog = await startCatalog(config);
    admin = await auth.token(['admin'], 'admin-1');
    customer = await auth.token(['customer'], 'customer-1');
    const { body } = await call<{ items: { id: string; slug: string }[] }>(
      `${catalog.url}/categories`,
    );
    const idOf = (slug: string) => body.items.find((category) => category.slug === slug)!.id;
    mugs = idOf('mugs-and-cups');
    chairs = idOf('chairs');
  });

  afterAll(async () => {
    await replica?.close();
    await catalog?.close();
    await cleanUp(catalog.config, db);
    await auth?.close();
  });

  it('refuses writes without a token (401) and from a non-admin (403)', async () => {
    const request = newProductRequest(mugs);
    expectProblem(
      await call(`${catalog.url}/admin/products`, { method: 'POST', body: request }),
      401,
      'AUTH.MISSING_TOKEN',
    );
    expectProblem(
      await call(`${catalog.url}/admin/products`, {
        method: 'POST',
        body: request,
        token: customer,
      }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(
      await call(`${catalog.url}/admin/products/${'a'.repeat(24)}`, { token: customer }),
      403,
      'AUTH.FORBIDDEN',
    );
  });

  it('creates, reads, updates with If-Match and archives; each write publishes one event', async () => {
    const request = newProductRequest(mugs, { name: 'Crème Mug', slug: undefined });
    const created = await call<CatalogProduct>(`${catalog.url}/admin/products`, {
      method: 'POST',
      token: admin,
      body: request,
      headers: { 'x-request-id': 'req-create-1' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/admin/products/${created.body.id}`);
    expect(created.body).toMatchObject({
      sku: request.sku,
      name: 'Crème Mug',
      slug: 'creme-mug',
      status: 'active',
      version: 1,
      categoryId: mugs,
      attributes: { colour: 'blue' },
    });
    const id = created.body.id;

    const publicRead = await call<CatalogProduct>(`${catalog.url}/products/creme-mug`);
    expect(publicRead.status).toBe(200);
    expect(publicRead.body.id).toBe(id);

    // A stale If-Match loses; a missing one is refused before anything changes.
    const updated = await patchProduct(catalog.url, admin, created.body, {
      name: 'Crème Mug XL',
      price: { amount: 1999, currency: 'EUR' },
      description: null,
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(updated.body).toMatchObject({
      name: 'Crème Mug XL',
      version: 2,
      price: { amount: 1999 },
    });
    expect(updated.body.description).toBeUndefined();
    const stale = await patchProduct(catalog.url, admin, created.body, { name: 'Lost update' });
    expectProblem(stale, 412, 'CATALOG.VERSION_MISMATCH');
    expect(stale.body).toMatchObject({ details: { currentVersion: 2 } });
    expectProblem(
      await call(`${catalog.url}/admin/products/${id}`, {
        method: 'PATCH',
        token: admin,
        body: { name: 'No precondition' },
      }),
      428,
      'REQUEST.PRECONDITION_REQUIRED',
    );

    const moved = await patchProduct(catalog.url, admin, updated.body, { categoryId: chairs });
    expect(moved.body).toMatchObject({ categoryId: chairs, version: 3 });

    const archived = await call<CatalogProduct>(`${catalog.url}/admin/products/${id}/archive`, {
      method: 'POST',
      token: admin,
      headers: { 'if-match': '"3"' },
    });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', version: 4 });
    // Archiving again changes nothing and publishes nothing.
    const again = await call<CatalogProduct>(`${catalog.url}/admin/products/${id}/archive`, {
      method: 'POST',
      token: admin,
    });
    expect(again.body.version).toBe(4);

    expectProblem(await call(`${catalog.url}/products/${id}`), 404, 'CATALOG.PRODUCT_NOT_FOUND');
    const adminRead = await call<CatalogProduct>(`${catalog.url}/admin/products/${id}`, {
      token: admin,
    });
    expect(adminRead.body).toMatchObject({ status: 'archived', version: 4 });

    const events = (await topicEvents(4)).filter((event) => event.subject === id);
    expect(events.map((event) => [event.type, event.data.productVersion])).toEqual([
      ['product.created', 1],
      ['product.updated', 2],
      ['product.updated', 3],
      ['product.archived', 4],
    ]);
    expect(events[0].correlationId).toBe('req-create-1');
    expect(events[1].data).toMatchObject({ name: 'Crème Mug XL', status: 'active' });
  });

  it('refuses a taken SKU or slug with 409 and an unknown category with 422, publishing nothing', async () => {
    const first = await createProduct(catalog.url, admin, newProductRequest(mugs));
    expectProblem(
      await call(`${catalog.url}/admin/products`, {
        method: 'POST',
        token: admin,
        body: newProductRequest(mugs, { sku: first.sku }),
      }),
      409,
      'CATALOG.SKU_TAKEN',
    );
    expectProblem(
      await call(`${catalog.url}/admin/products`, {
        method: 'POST',
        token: admin,
        body: newProductRequest(mugs, { slug: first.slug }),
      }),
      409,
      'CATALOG.SLUG_TAKEN',
    );
    const second = await createProduct(catalog.url, admin, newProductRequest(mugs));
    expectProblem(
      await patchProduct(catalog.url, admin, second, { slug: first.slug }),
      409,
      'CATALOG.SLUG_TAKEN',
    );
    expectProblem(
      await call(`${catalog.url}/admin/products`, {
        method: 'POST',
        token: admin,
        body: newProductRequest('0123456789abcdef01234567'),
      }),
      422,
      'CATALOG.CATEGORY_NOT_FOUND',
    );
    // Two creates: the refused writes added nothing to the four events of the test before.
    const events = await topicEvents(6);
    expect(events.filter((event) => event.subject === first.id)).toHaveLength(1);
    expect(events.filter((event) => event.subject === second.id)).toHaveLength(1);
  });

  it('lets exactly one of several concurrent updates of one version win', async () => {
    const product = await createProduct(catalog.url, admin, newProductRequest(mugs));
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        patchProduct(catalog.url, admin, product, { name: `Racer ${i}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const winner = answers.find((answer) => answer.status === 200)!.body;
    const stored = await call<CatalogProduct>(`${catalog.url}/admin/products/${product.id}`, {
      token: admin,
    });
    expect(stored.body).toMatchObject({ name: winner.name, version: 2 });
    const events = (await topicEvents(8)).filter((event) => event.subject === product.id);
    expect(events.map((event) => event.data.productVersion)).toEqual([1, 2]);
  });

  it('publishes every event exactly once with two replicas sharing the database', async () => {
    replica = await startCatalog(catalog.config);
    const replicas = [catalog.url, replica.url];
    const written: string[] = [];
    for (let i = 0; i < 4; i++) {
      const product = await createProduct(replicas[i % 2], admin, newProductRequest(mugs));
      // Each replica serializes its own writes to a document, but FerretDB (unlike MongoDB) can
      // lose one of two concurrent updates from different processes: let the leader's relay
      // finish with this product before the other replica writes to it.
      await waitFor(async () => (await pendingProducts()) === 0, { what: 'the relay to catch up' });
      const updated = await patchProduct(replicas[(i + 1) % 2], admin, product, {
        name: `Replicated ${i}`,
      });
      expect(updated.status).toBe(200);
      written.push(product.id);
    }
    const events = await topicEvents(8 + written.length * 2);
    for (const id of written) {
      const versions = events.filter((event) => event.subject === id);
      expect(versions.map((event) => event.data.productVersion)).toEqual([1, 2]);
    }
    expect(await pendingProducts()).toBe(0);
  });

  /** Products with events the relay has not published yet. */
  function pendingProducts(): Promise<number> {
    return db.collection('products').countDocuments({ pendingSince: { $exists: true } });
  }

  it('answered no request with a 5xx', () => {
    expect(unexpectedFailures(catalog)).toEqual([]);
  });

  /**
   * Every event on the file's topic, in publishing order per partition, once it holds `total`
   * (what the file's writes so far should have published): exactly that many, each id once.
   */
  async function topicEvents(total: number): Promise<Envelope[]> {
    const topic = `${catalog.config.KAFKA_TOPIC_PREFIX}${topics.catalogProduct}`;
    await waitFor(async () => (await topicSize(topic)) >= total, {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: `${total} events on ${topic}`,
    });
    const messages = await readTopic(testKafka('catalog-admin-test'), topic, total);
    const all = messages
      .sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset))
      .map((message) => JSON.parse(message.value) as Envelope);
    expect(all.map((e) => `${e.subject} v${e.data.productVersion} ${e.id}`)).toHaveLength(total);
    expect(new Set(all.map((event) => event.id)).size).toBe(total);
    return all;
  }
});

/** How many messages the topic holds (all partitions), or 0 before it exists. */
async function topicSize(topic: string): Promise<number> {
  const admin = testKafka('catalog-admin-test').admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce(
      (sum, partition) => sum + Number(partition.high) - Number(partition.low),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}
