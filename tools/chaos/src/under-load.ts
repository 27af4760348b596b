/**
 * One fault under checkout traffic, then the checks: the shared shape of the suites that break the
 * platform underneath its customers (a service killed, a server restarted).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { testKafka } from '@shop/testing';
import { inParallel } from '@shop/launcher/http';
import type { IsolatedPlatform } from '@shop/launcher/isolated';
import { Shopper } from '@shop/launcher/shopper';
import {
  confirmedUnits,
  everyOrderEnded,
  lagIsZero,
  outboxesEmpty,
  stockConserved,
} from './invariants.ts';
import { startLoadedShop } from './platform.ts';
import { subscriptions } from './poison.ts';
import { CheckoutTraffic } from './traffic.ts';

export interface UnderLoad {
  shop: IsolatedPlatform;
  /** Signed in as the administrator: sets and reads stock. */
  admin: Shopper;
  kafkaAdmin: Admin;
  /** Customers checking out side by side. */
  shoppers: number;
  unitsPerSku: number;
}

export interface FaultOutcome {
  traffic: CheckoutTraffic;
  /** Orders by status once none is PENDING. */
  statuses: Record<string, number>;
}

/** The loaded shop (`startLoadedShop`), a Kafka admin, six customers, 40 units per SKU. */
export async function startUnderLoad(
  name: string,
  options: { fronts?: boolean } = {},
): Promise<UnderLoad> {
  const { shop, admin } = await startLoadedShop(name, options);
  const kafkaAdmin = testKafka(name).admin();
  await kafkaAdmin.connect();
  return { shop, admin, kafkaAdmin, shoppers: 6, unitsPerSku: 40 };
}

export async function stopUnderLoad(setup: UnderLoad | undefined): Promise<void> {
  await setup?.kafkaAdmin.disconnect();
  await setup?.shop.stop();
}

async function customers(shop: IsolatedPlatform, count: number): Promise<Shopper[]> {
  const all = Array.from({ length: count }, () => new Shopper(shop.api));
  await inParallel(all, 4, (customer) =>
    customer.register(`under-load-${randomUUID()}@chaos.test`, 'a customer password'),
  );
  return all;
}

/**
 * Stocks `skus` afresh, runs checkout traffic on them, lets it run a few seconds, runs `fault`,
 * lets the platform recover under traffic, stops the traffic, then waits for and checks what
 * must hold, read from the stores and the broker: every order ended, stock conserved and equal
 * to the CONFIRMED orders, outboxes empty, every consumer group at the end of its topics.
 */
export async function faultUnderLoad(
  setup: UnderLoad,
  skus: string[],
  fault: () => Promise<void>,
): Promise<FaultOutcome> {
  const { shop, admin } = setup;
  for (const sku of skus) await admin.setStock(sku, setup.unitsPerSku);
  const stocked = new Map(skus.map((sku) => [sku, setup.unitsPerSku]));
  const traffic = new CheckoutTraffic(await customers(shop, setup.shoppers), skus);
  traffic.start();
  try {
    await sleep(3_000 + Math.random() * 3_000);
    await fault();
    await sleep(3_000);
  } finally {
    await traffic.stop();
  }
  const orderDb = shop.platform.specs.order.env.POSTGRES_URL;
  const statuses = await everyOrderEnded(orderDb);
  await stockConserved(admin, stocked, await confirmedUnits(orderDb));
  await outboxesEmpty([orderDb, shop.platform.specs.auth.env.POSTGRES_URL]);
  await lagIsZero(setup.kafkaAdmin, subscriptions(shop.platform.settings.namespace));
  return { traffic, statuses };
}

/** One line on what the clients saw, for the test's output. */
export function describeOutcome(what: string, { traffic, statuses }: FaultOutcome): string {
  return (
    `${what}: ${traffic.placed.length} orders placed by clients, ` +
    `${traffic.stats.retried} answers retried, orders by status ${JSON.stringify(statuses)}` +
    `, ${traffic.failures.length} checkouts given up by their clients` +
    (traffic.failures.length > 0 ? ` (last: ${traffic.failures.at(-1)})` : '')
  );
}
