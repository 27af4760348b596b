/**
 * smoke: is every main route of the storefront alive and correct? A closed model, VUS users (2)
 * for DURATION (15s); each iteration browses (list, search, detail, categories), signs in, fills
 * the cart, checks out and follows the order to its end state. Any failed request fails the run.
 * Shape, settings and thresholds: load/scenarios.json (the Locust file load/smoke.py reads it too).
 *
 *   k6 run -e BASE_URL=http://127.0.0.1:3000/api/v1 load/k6/smoke.ts
 */
import { sleep } from 'k6';
import * as shop from './shop.ts';
import { summaryFor } from './summary.ts';

const SCENARIO = 'smoke';

export const options = shop.optionsFor(SCENARIO);

export function setup(): shop.TestData {
  return shop.loadTestData(SCENARIO);
}

export default function journey(data: shop.TestData): void {
  const listed = shop.listProducts('limit=20').items;
  shop.search(shop.pick(data.words), 10);
  shop.productDetail(shop.pick(listed.length > 0 ? listed : data.products).id);
  shop.categories();
  if (!shop.hasCustomer()) shop.register(SCENARIO);
  const token = shop.login();
  shop.me(token);
  shop.clearCart(token);
  shop.addToCart(token, shop.pick(data.products).sku, 1);
  shop.getCart(token);
  shop.checkout(token, SCENARIO);
  sleep(0.5);
}

export const handleSummary = summaryFor(SCENARIO);
