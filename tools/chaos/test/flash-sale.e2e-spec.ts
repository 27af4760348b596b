/**
 * A flash sale: many customers check out the last units of one product at the same moment.
 * Exactly as many orders are confirmed as there were units, every other one is rejected, and the
 * stock ends with nothing available, nothing held and every unit sold. Each customer checks out
 * as a careful client does (`carefulCheckout`: one key, retried on "try again" answers). `npm test` runs 200
 * checkouts for 20 units; `CHAOS_SCALE=full` (npm run chaos) runs 1,000 for 100.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inParallel } from '@shop/launcher/http';
import type { IsolatedPlatform } from '@shop/launcher/isolated';
import { allSkus } from '@shop/launcher/seed';
import { Shopper, type Order } from '@shop/launcher/shopper';
import { startLoadedShop } from '../src/platform.ts';
import { carefulCheckout, newRetryStats } from '../src/traffic.ts';

const full = process.env.CHAOS_SCALE === 'full';
const CHECKOUTS = full ? 1_000 : 200;
const UNITS = full ? 100 : 20;

let shop: IsolatedPlatform;
let admin: Shopper;
const retries = newRetryStats();

beforeAll(async () => {
  ({ shop, admin } = await startLoadedShop('flash'));
}, 300_000);

afterAll(async () => {
  await shop?.stop();
}, 60_000);

/** Customers with one unit of `sku` each in their cart, ready to check out. */
async function customersWithCart(sku: string, count: number): Promise<Shopper[]> {
  const customers = Array.from({ length: count }, () => new Shopper(shop.api));
  await inParallel(customers, 8, async (customer) => {
    await customer.register(`sale-${randomUUID()}@flash-sale.test`, 'a customer password');
    await customer.addToCart(sku, 1);
  });
  return customers;
}

describe('a flash sale', () => {
  it(`confirms exactly ${UNITS} of ${CHECKOUTS} simultaneous checkouts for ${UNITS} units`, async () => {
    const [sku] = await allSkus(shop.platform.url('catalog'));
    await admin.setStock(sku, UNITS);
    const customers = await customersWithCart(sku, CHECKOUTS);

    // All at once: no checkout waits for another's answer.
    const placed = await Promise.all(
      customers.map((customer) => carefulCheckout(customer, retries)),
    );

    const settled: Order[] = [];
    await inParallel(
      customers.map((customer, i) => ({ customer, id: placed[i].id })),
      16,
      async ({ customer, id }) => {
        settled.push(await customer.settled(id));
      },
    );
    const count = (status: Order['status']) => settled.filter((o) => o.status === status).length;
    expect(count('CONFIRMED')).toBe(UNITS);
    expect(count('REJECTED')).toBe(CHECKOUTS - UNITS);
    expect(count('PENDING') + count('CANCELLED')).toBe(0);

    console.log(
      `flash sale: ${CHECKOUTS} checkouts, ${retries.retried} retried answers (429/503/504)`,
    );
    const stock = await admin.stockUntil(sku, (s) => s.reserved === 0);
    expect(stock).toMatchObject({ available: 0, reserved: 0, committed: UNITS });
  }, 600_000);
});
