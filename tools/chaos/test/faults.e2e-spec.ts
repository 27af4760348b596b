/**
 * Faults under load: checkout traffic runs throughout while a service of the platform is killed
 * with SIGKILL (no shutdown, no goodbye to its consumer group) and started again, repeatedly.
 * Afterwards, read from the stores and the broker: every order ended, stock is conserved and
 * matches the CONFIRMED orders exactly, every outbox is empty and every consumer group caught up.
 * `npm test` kills each service twice; `CHAOS_SCALE=full` (npm run chaos) six times. Clients
 * retry a bounded number of times and may give up while a service is down: those are counted and
 * printed, not failures, since the invariants are read from the stores, not from the clients.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka } from '@shop/testing';
import { inParallel } from '@shop/launcher/http';
import type { IsolatedPlatform } from '@shop/launcher/isolated';
import { allSkus } from '@shop/launcher/seed';
import type { ServiceName } from '@shop/launcher/services';
import { Shopper } from '@shop/launcher/shopper';
import {
  confirmedUnits,
  everyOrderEnded,
  lagIsZero,
  outboxesEmpty,
  stockConserved,
} from '../src/invariants.ts';
import { startLoadedShop } from '../src/platform.ts';
import { subscriptions } from '../src/poison.ts';
import { CheckoutTraffic } from '../src/traffic.ts';

const full = process.env.CHAOS_SCALE === 'full';
const KILLS = full ? 6 : 2;
const SHOPPERS = 6;
const UNITS_PER_SKU = 40;

let shop: IsolatedPlatform;
let admin: Shopper;
const kafkaAdmin = testKafka('faults').admin();

beforeAll(async () => {
  ({ shop, admin } = await startLoadedShop('faults'));
  await kafkaAdmin.connect();
}, 300_000);

afterAll(async () => {
  await kafkaAdmin.disconnect();
  await shop?.stop();
}, 60_000);

async function shoppers(count: number): Promise<Shopper[]> {
  const customers = Array.from({ length: count }, () => new Shopper(shop.api));
  await inParallel(customers, 4, (customer) =>
    customer.register(`faults-${randomUUID()}@faults.test`, 'a customer password'),
  );
  return customers;
}

/** Fresh SKUs for one test, each stocked with UNITS_PER_SKU. */
async function stockedSkus(skus: string[]): Promise<Map<string, number>> {
  for (const sku of skus) await admin.setStock(sku, UNITS_PER_SKU);
  return new Map(skus.map((sku) => [sku, UNITS_PER_SKU]));
}

/** Traffic on `skus` while `victim` is SIGKILLed and restarted KILLS times; then the checks. */
async function killUnderLoad(victim: ServiceName, skus: string[]): Promise<void> {
  const stocked = await stockedSkus(skus);
  const traffic = new CheckoutTraffic(await shoppers(SHOPPERS), skus);
  traffic.start();
  try {
    for (let kill = 0; kill < KILLS; kill += 1) {
      await sleep(3_000 + Math.random() * 3_000);
      await shop.platform.supervisor.kill(victim);
      await sleep(500);
      await shop.platform.restart(victim);
    }
    await sleep(3_000);
  } finally {
    await traffic.stop();
  }
  const orderDb = shop.platform.specs.order.env.POSTGRES_URL;
  const statuses = await everyOrderEnded(orderDb);
  await stockConserved(admin, stocked, await confirmedUnits(orderDb));
  await outboxesEmpty([orderDb, shop.platform.specs.auth.env.POSTGRES_URL]);
  await lagIsZero(kafkaAdmin, subscriptions(shop.platform.settings.namespace));
  console.log(
    `${victim} killed ${KILLS}×: ${traffic.placed.length} orders placed by clients, ` +
      `${traffic.stats.retried} answers retried, orders by status ${JSON.stringify(statuses)}` +
      `, ${traffic.failures.length} checkouts given up by their clients` +
      (traffic.failures.length > 0 ? ` (last: ${traffic.failures.at(-1)})` : ''),
  );
  // What the issue asks of a kill is that nothing accepted is lost or doubled (checked above
  // from the stores); a client may still give up while the service is down, which is counted.
  expect(traffic.placed.length).toBeGreaterThan(0);
}

describe('faults under load', () => {
  let skus: string[];

  beforeAll(async () => {
    skus = await allSkus(shop.platform.url('catalog'));
  });

  it(`keeps every order and unit of stock while the order service is SIGKILLed ${KILLS}×`, async () => {
    await killUnderLoad('order', skus.slice(0, 3));
  }, 600_000);

  it(`keeps every order and unit of stock while inventory is SIGKILLed ${KILLS}×`, async () => {
    await killUnderLoad('inventory', skus.slice(3, 6));
  }, 600_000);
});
