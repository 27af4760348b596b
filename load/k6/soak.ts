/**
 * soak: a steady, moderate arrival rate (constant-arrival-rate, RATE visits/s) for a long time
 * (DURATION, default 30m), to find what only time shows: memory growth, connection or outbox
 * backlogs, token expiry (customers sign in again every 4 minutes), slow drifts in latency.
 *
 *   k6 run -e BASE_URL=http://127.0.0.1:3000/api/v1 -e RATE=20 -e DURATION=2h load/k6/soak.ts
 *
 * Shape, settings and thresholds: load/scenarios.json (load/soak.py, for Locust, reads it too).
 * The visit is the open models' mix (shop.visit): CHECKOUT_SHARE checkouts, the rest browsing.
 */
import * as shop from './shop.ts';
import { summaryFor } from './summary.ts';

const SCENARIO = 'soak';

export const options = shop.optionsFor(SCENARIO);

export function setup(): shop.TestData {
  return shop.loadTestData(SCENARIO);
}

export default function oneVisit(data: shop.TestData): void {
  shop.visit(SCENARIO, data);
}

export const handleSummary = summaryFor(SCENARIO);
