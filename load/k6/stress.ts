/**
 * stress: an open model that climbs past normal traffic in steps and holds each, to see where
 * latency bends. Visits per second, not users, are the input (ramping-arrival-rate): a slow
 * system gets more visits in flight, as it would from real users. RATE is the top rate, STEP the
 * length of each of the four steps (25/50/75/100 % of RATE, each reached by a short ramp), then
 * a ramp down.
 *
 *   k6 run -e BASE_URL=http://127.0.0.1:3000/api/v1 -e RATE=40 -e STEP=30s load/k6/stress.ts
 *
 * Shape, settings and thresholds: load/scenarios.json (load/stress.py, for Locust, reads it too).
 * The visit is the open models' mix (shop.visit): CHECKOUT_SHARE checkouts, the rest browsing.
 */
import * as shop from './shop.ts';
import { summaryFor } from './summary.ts';

const SCENARIO = 'stress';

export const options = shop.optionsFor(SCENARIO);

export function setup(): shop.TestData {
  return shop.loadTestData(SCENARIO);
}

export default function oneVisit(data: shop.TestData): void {
  shop.visit(SCENARIO, data);
}

export const handleSummary = summaryFor(SCENARIO);
