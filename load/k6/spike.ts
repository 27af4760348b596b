/**
 * spike: a sudden burst, open model (ramping-arrival-rate). BASE visits/s for 30 s, a jump to
 * PEAK within 10 s, held for HOLD, then back to BASE for a minute to see the recovery. Passes
 * when errors stay rare and the system comes back; latency during the burst has a loose bound.
 *
 *   k6 run -e BASE_URL=http://127.0.0.1:3000/api/v1 -e PEAK=100 load/k6/spike.ts
 *
 * Shape, settings and thresholds: load/scenarios.json (load/spike.py, for Locust, reads it too).
 * The visit is the open models' mix (shop.visit): CHECKOUT_SHARE checkouts, the rest browsing.
 */
import * as shop from './shop.ts';
import { summaryFor } from './summary.ts';

const SCENARIO = 'spike';

export const options = shop.optionsFor(SCENARIO);

export function setup(): shop.TestData {
  return shop.loadTestData(SCENARIO);
}

export default function oneVisit(data: shop.TestData): void {
  shop.visit(SCENARIO, data);
}

export const handleSummary = summaryFor(SCENARIO);
