/**
 * checkout: customers buying. A closed model: VUS users, each registering its own customer
 * once, then every iteration fills a cart with 1-3 products in stock, checks out with an
 * Idempotency-Key and polls the order until CONFIRMED, REJECTED or CANCELLED. Shape, settings
 * and thresholds: load/scenarios.json.
 *
 * Against a gateway with its default limits, raise RATE_LIMIT_CHECKOUT_PER_CUSTOMER (30/min per
 * customer) and RATE_LIMIT_PER_IP, or the limiter is what this measures.
 *
 *   k6 run -e BASE_URL=http://127.0.0.1:3000/api/v1 -e VUS=10 -e DURATION=2m load/k6/checkout.ts
 */
import { sleep } from 'k6';
import * as shop from './shop.ts';
import { summaryFor } from './summary.ts';

const SCENARIO = 'checkout';

export const options = shop.optionsFor(SCENARIO);

export function setup(): shop.TestData {
  return shop.loadTestData(SCENARIO);
}

export default function buySomething(data: shop.TestData): void {
  shop.buy(SCENARIO, SCENARIO, data.products, 1 + Math.floor(Math.random() * 3));
  sleep(Math.random() * shop.setting(SCENARIO, 'THINK'));
}

export const handleSummary = summaryFor(SCENARIO);
