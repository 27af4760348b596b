/**
 * breakpoint: the arrival rate rises linearly from 1 to MAX visits/s over DURATION, and the run
 * stops as soon as a limit breaks (failed requests >= 5 % or p95 >= 2 s: thresholds with
 * abortOnFail, evaluated after the first 10 s). The rate reached then is the capacity of this
 * deployment; a run that ends without breaking passes and says MAX was not enough.
 *
 *   k6 run -e BASE_URL=http://127.0.0.1:3000/api/v1 -e MAX=400 load/k6/breakpoint.ts
 *
 * Shape, settings and thresholds: load/scenarios.json (load/breakpoint.py, for Locust, reads it too).
 * The visit is the open models' mix (shop.visit): CHECKOUT_SHARE checkouts, the rest browsing.
 */
import * as shop from './shop.ts';
import { summaryFor } from './summary.ts';

const SCENARIO = 'breakpoint';

export const options = shop.optionsFor(SCENARIO);

export function setup(): shop.TestData {
  return shop.loadTestData(SCENARIO);
}

export default function oneVisit(data: shop.TestData): void {
  shop.visit(SCENARIO, data);
}

export const handleSummary = summaryFor(SCENARIO);
