import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@shop/contracts';
import { readTopic, testKafka, waitFor } from '@shop/testing';
import type { CatalogProduct } from '../src/products/products.schema.js';
import { seedCatalog } from '../src/seed/seed-catalog.js';
import { TestAuth } from './support/auth.js';
import { cleanUp, openDatabase, testConfig, testEnvironment } from './support/catalog-app.js';
import { ChildCatalog } from './support/child-catalog.js';
import { call } from './support/http.js';
import { createProduct, newProductRequest, patchProduct } from './support/products.js';

/** The ids of the events still waiting in the products, oldest first per product. */
async function pendingEventIds(db: Connection): Promise<string[]> {
  const products = await db
    .collection('products')
    .find({ pendingSince: { $exists: true } }, { projection: { pendingEvents: 1 } })
    .toArray();
  return products.flatMap((product) =>
    (product.pendingEvents as { id: string }[]).map((event) => event.id),
  );
}

describe('events survive a crash right after the write', () => {
  let auth: TestAuth;
  let environment: Record<string, string>;
  let db: Connection;
  let child: ChildCatalog | undefined;

  beforeAll(async () => {
    auth = await TestAuth.start();
    environment = testEnvironment('catalog_crash', auth.jwksUrl);
    db = await openDatabase(testConfig(environment));
    await seedCatalog(db, { products: 0 });
  });

  afterAll(async () => {
    await child?.kill();
    await cleanUp(testConfig(environment), db);
    await auth?.close();
  });

  it('publishes each event of a killed process exactly once after the restart', async () => {
    // A broker address that accepts nothing: every event stays pending in its product.
    child = await ChildCatalog.start({ ...environment, KAFKA_BROKERS: '127.0.0.1:1' });
    const admin = await auth.token(['admin']);
    const { body } = await call<{ items: { id: string; slug: string }[] }>(
      `${child.url}/categories`,
    );
    const mugs = body.items.find((category) => category.slug === 'mugs-and-cups')!.id;
    const written: CatalogProduct[] = [];
    for (let i = 0; i < 3; i++)
      written.push(await createProduct(child.url, admin, newProductRequest(mugs)));
    const updated = await patchProduct(child.url, admin, written[0], {
      name: 'Updated Before The Crash',
    });
    expect(updated.status).toBe(200);
    const archived = await call(`${child.url}/admin/products/${written[1].id}/archive`, {
      method: 'POST',
      token: admin,
    });
    expect(archived.status).toBe(200);

    const pending = await pendingEventIds(db);
    expect(pending).toHaveLength(5);
    await child.kill();

    child = await ChildCatalog.start(environment);
    await waitFor(async () => (await pendingEventIds(db)).length === 0, {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'the restarted catalog to publish the pending events',
    });
    const topic = `${environment.KAFKA_TOPIC_PREFIX}${topics.catalogProduct}`;
    const messages = await readTopic(testKafka('catalog-crash-test'), topic, 5, {
      settleMs: 1_000,
    });
    const events = messages.map(
      (message) =>
        JSON.parse(message.value) as {
          id: string;
          subject: string;
          type: string;
          data: { productVersion: number };
        },
    );
    expect(events.map((event) => event.id).sort()).toEqual([...pending].sort());
    const byWrite = events
      .map((event) => `${event.subject}@${event.data.productVersion}:${event.type}`)
      .sort();
    expect(byWrite).toEqual(
      [
        `${written[0].id}@1:product.created`,
        `${written[0].id}@2:product.updated`,
        `${written[1].id}@1:product.created`,
        `${written[1].id}@2:product.archived`,
        `${written[2].id}@1:product.created`,
      ].sort(),
    );
    await child.terminate();
  }, 180_000);
});
