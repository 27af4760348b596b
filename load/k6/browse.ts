/**
 * browse: anonymous shoppers looking around, the catalog's read path through the gateway. A
 * closed model (VUS shoppers, each thinking about THINK seconds between pages): about 40 %
 * listing pages (some by category, some sorted, some page two), 30 % searches, 30 % product
 * pages with live availability. Shape, settings and thresholds: load/scenarios.json.
 *
 *   k6 run -e BASE_URL=http://127.0.0.1:3000/api/v1 -e VUS=20 load/k6/browse.ts
 */
import { sleep } from 'k6';
import * as shop from './shop.ts';
import { summaryFor } from './summary.ts';

const SCENARIO = 'browse';
const SORTS = ['relevance', 'price_asc', 'price_desc', 'name', 'newest'];

export const options = shop.optionsFor(SCENARIO);

export function setup(): shop.TestData {
  return shop.loadTestData(SCENARIO);
}

function listing(data: shop.TestData): void {
  let query = 'limit=20';
  if (data.categories.length > 0 && Math.random() < 0.5) {
    query += `&category=${encodeURIComponent(shop.pick(data.categories).slug)}`;
  }
  if (Math.random() < 0.3) query += `&sort=${shop.pick(SORTS)}`;
  const cursor = shop.listProducts(query).nextCursor;
  if (cursor && Math.random() < 0.3) {
    shop.listProducts(`${query}&cursor=${encodeURIComponent(cursor)}`);
  }
}

export default function browsing(data: shop.TestData): void {
  const roll = Math.random() * 10;
  if (roll < 4) listing(data);
  else if (roll < 7) shop.search(shop.pick(data.words));
  else shop.productDetail(shop.pick(data.products).id);
  const think = shop.setting(SCENARIO, 'THINK');
  sleep(think * (0.5 + Math.random()));
}

export const handleSummary = summaryFor(SCENARIO);
