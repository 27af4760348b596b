/**
 * (2) Checkout: POST /orders → CONFIRMED under an open arrival model, against the floor measured
 * bare on the same servers.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '@shop/testing';
import type { LocalPlatform } from '../local-platform.ts';
import { call } from '@shop/launcher/http';
import { measureFloor } from './floor.ts';
import { log, r1, r2, settings, type RateResult, type Results } from './results.ts';
import { peakRss } from './service-memory.ts';

interface Customer {
  token: string;
}

export async function registerCustomers(base: string, count: number): Promise<Customer[]> {
  const customers: Customer[] = [];
  const stamp = Date.now().toString(36);
  for (let i = 0; i < count; i++) {
    const answer = await call<{ accessToken: string }>(`${base}/auth/register`, {
      method: 'POST',
      body: {
        email: `bench-${stamp}-${i}@load.test`,
        password: 'a bench password 123',
      },
    });
    if (answer.status !== 201) throw new Error(`register: HTTP ${answer.status}`);
    customers.push({ token: answer.body.accessToken });
  }
  return customers;
}

export async function inStock(base: string): Promise<string[]> {
  const page = await call<{ items: { id: string; sku: string }[] }>(`${base}/products?limit=100`);
  const skus: string[] = [];
  for (const item of page.body.items) {
    const detail = await call<{ availability: { available: number } | null }>(
      `${base}/products/${item.id}`,
    );
    if ((detail.body.availability?.available ?? 0) > 10) skus.push(item.sku);
  }
  return skus;
}

/** One checkout: cart of one item, POST /orders, poll every 20 ms; ms from POST to CONFIRMED. */
export async function oneCheckout(
  base: string,
  customer: Customer,
  sku: string,
): Promise<number | undefined> {
  const token = customer.token;
  await call(`${base}/cart`, { method: 'DELETE', token });
  const added = await call(`${base}/cart/items`, {
    method: 'POST',
    token,
    body: { sku, quantity: 1 },
  });
  if (added.status !== 200 && added.status !== 201) return undefined;
  const started = performance.now();
  const placed = await call<{ id: string; status: string }>(`${base}/orders`, {
    method: 'POST',
    token,
    headers: { 'idempotency-key': crypto.randomUUID() },
  });
  if (placed.status !== 202 && placed.status !== 201) return undefined;
  let status = placed.body.status;
  while (status === 'PENDING' && performance.now() - started < 30_000) {
    await sleep(20);
    status = (await call<{ status: string }>(`${base}/orders/${placed.body.id}`, { token })).body
      .status;
  }
  return status === 'CONFIRMED' ? performance.now() - started : undefined;
}

export async function checkoutAtRate(
  base: string,
  customers: Customer[],
  skus: string[],
  rate: number,
  seconds: number,
): Promise<RateResult> {
  const free = [...customers];
  const latencies: number[] = [];
  let notConfirmed = 0;
  let skipped = 0;
  const running: Promise<void>[] = [];
  const begin = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const customer = free.pop();
    if (!customer) {
      // Every customer is mid-checkout: the system is this far behind the arrival rate.
      skipped++;
      continue;
    }
    const sku = skus[Math.floor(Math.random() * skus.length)];
    running.push(
      oneCheckout(base, customer, sku)
        .then((ms) => (ms === undefined ? notConfirmed++ : latencies.push(ms)))
        .catch(() => notConfirmed++)
        .finally(() => free.push(customer))
        .then(() => undefined),
    );
  }
  await Promise.all(running);
  const elapsed = (performance.now() - begin) / 1000;
  return {
    rate,
    seconds,
    started: total - skipped,
    confirmed: latencies.length,
    notConfirmed,
    skipped,
    confirmedPerSecond: r2(latencies.length / elapsed),
    p50Ms: r1(percentile(latencies, 50)),
    p99Ms: r1(percentile(latencies, 99)),
  };
}

export async function checkoutBench(
  local: LocalPlatform,
  results: Results,
  underLoad: Record<string, number>,
): Promise<void> {
  log(
    '(2) the floor: 2 Postgres commits, 2 kafkajs produce→consume hops, 1 Cassandra LWT, 200 in a row',
  );
  const floor = await measureFloor(200);
  log(`    floor p50 ${r2(floor.p50Ms)} ms, p99 ${r2(floor.p99Ms)} ms`);
  const customers = await registerCustomers(local.api, 48);
  const skus = await inStock(local.api);
  log(`    ${customers.length} customers registered, ${skus.length} SKUs in stock`);
  const rates: RateResult[] = [];
  await peakRss(local, underLoad, async () => {
    for (const rate of settings.rates) {
      log(`(2) checkouts at ${rate}/s for ${settings.rateSeconds} s (open model, one item each)`);
      const result = await checkoutAtRate(local.api, customers, skus, rate, settings.rateSeconds);
      rates.push(result);
      log(
        `    confirmed ${result.confirmed}/${result.started} (${result.confirmedPerSecond}/s), skipped ${result.skipped}, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
      );
      // Saturated: customers ran out, or answers take seconds; higher rates say nothing more.
      if (result.skipped > 0 || result.p99Ms > 10_000) break;
    }
  });
  const baseline = rates[0];
  const within = rates.filter((rate) => rate.skipped === 0 && rate.p99Ms <= 3 * floor.p99Ms);
  const best = within.at(-1);
  results.checkout = {
    floor,
    rates,
    baseline: {
      p50Ms: baseline.p50Ms,
      p99Ms: baseline.p99Ms,
      p50Ratio: r1(baseline.p50Ms / floor.p50Ms),
      p99Ratio: r1(baseline.p99Ms / floor.p99Ms),
    },
    bestRate: best
      ? { rate: best.rate, confirmedPerSecond: best.confirmedPerSecond, p99Ms: best.p99Ms }
      : undefined,
  };
}
