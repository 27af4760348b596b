/**
 * The load scenarios against a whole platform started for this file (free ports, its own
 * databases and topics, raised rate limits, 40 products): the Locust smoke scenario is run, and
 * each k6 script's journey (its `setup()` and a few iterations of its default function) runs
 * through the test-only k6 adapter, so a broken path or a renamed field in either fails here.
 * Nothing here asserts a timing; the scenarios' own latency thresholds are loose.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../src/paths.ts';
import { freePort, LocalPlatform } from '../src/local-platform.ts';
import { runSmoke } from '../src/smoke.ts';
import {
  failedChecks,
  iterate,
  loadScript,
  recorded,
  samples,
  setEnv,
  stopNetwork,
  summaryData,
} from './support/k6-adapter.ts';

// Bounded but generous: five services boot in ~100 s on a loaded 2-core machine, and a cold
// machine installs Locust first (~20 s); the smoke run is killed after 90 s at the latest.
const START_TIMEOUT_MS = 300_000;
const SMOKE_TIMEOUT_MS = 180_000;
const SCRIPT_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;
const SEED_TIMEOUT_MS = 120_000;

/** The catalog's demo seed CLI (what `npm run seed` and the chart's seed Job run). */
async function seed(args: string[]): Promise<string> {
  const cli = join(ROOT, 'services', 'catalog', 'src', 'seed', 'demo-seed.cli.ts');
  const loader = join(ROOT, 'tools', 'ts-loader', 'register.mjs');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', loader, cli, ...args],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        SEED_ADMIN_EMAIL: 'admin@load.test',
        SEED_ADMIN_PASSWORD: 'an admin password for load',
      },
      timeout: SEED_TIMEOUT_MS,
    },
  );
  return stdout;
}

interface TestData {
  products: { id: string; sku: string }[];
  words: string[];
}

const JOURNEY = join(ROOT, 'charts', 'shop', 'files', 'storefront-journey.mjs');

/** The chart's `helm test` script against `api`: its exit code and output. */
async function journey(api: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [JOURNEY], {
    env: { PATH: process.env.PATH ?? '', SHOP_API: api, JOURNEY_TIMEOUT_MS: '60000' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: SEED_TIMEOUT_MS,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

/** A storefront with nothing to sell, in a process of its own (the journey blocks nothing here). */
async function emptyShop(port: number): Promise<{ stop(): void }> {
  const child = spawn(process.execPath, [
    '-e',
    `require('node:http').createServer((q, r) => { r.setHeader('content-type', 'application/json');
       r.end(JSON.stringify({ items: [], nextCursor: null })); })
     .listen(${port}, '127.0.0.1', () => console.log('listening'));`,
  ]);
  await once(child.stdout, 'data');
  return { stop: () => child.kill() };
}

/** Which k6 executor each script must use: VUs for behaviour, arrival rates for capacity. */
const EXECUTORS: Record<string, string> = {
  smoke: 'constant-vus',
  browse: 'constant-vus',
  checkout: 'constant-vus',
  stress: 'ramping-arrival-rate',
  spike: 'ramping-arrival-rate',
  soak: 'constant-arrival-rate',
  breakpoint: 'ramping-arrival-rate',
};

/** Iterations per script; the open models' visits run once as checkouts, then as browsing. */
const ITERATIONS: Record<string, number> = { smoke: 2, browse: 4, checkout: 2 };

describe('load: the scenarios against a platform', () => {
  let local: LocalPlatform | undefined;

  beforeAll(async () => {
    local = await LocalPlatform.start({ products: 40 });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await stopNetwork();
    await local?.stop();
  }, STOP_TIMEOUT_MS);

  it(
    'Locust smoke: holds its thresholds with no failed request and confirms orders',
    async () => {
      const result = await runSmoke(local!.api);
      expect(result.passed, `${result.summary}\n${local!.lastOutput(20)}`).toBe(true);
    },
    SMOKE_TIMEOUT_MS,
  );

  for (const [name, executor] of Object.entries(EXECUTORS)) {
    it(
      `k6 ${name}: setup finds the test data, the journey passes every check`,
      async () => {
        const env = { BASE_URL: local!.api, THINK: '0', SUMMARY_FILE: `/tmp/k6-${name}.json` };
        const script = await loadScript<TestData>(name, env);
        expect(script.options.scenarios[name].executor).toBe(executor);
        recorded.reset();
        const data = script.setup();
        expect(data.products.length).toBeGreaterThan(0);
        const open = executor.includes('arrival-rate');
        if (open) {
          setEnv({ ...env, CHECKOUT_SHARE: '1' });
          iterate(script, data, 1);
          setEnv({ ...env, CHECKOUT_SHARE: '0' });
        }
        iterate(script, data, ITERATIONS[name] ?? 3);
        const context = `${failedChecks().join(', ')}\n${local!.lastOutput(20)}`;
        expect(failedChecks(), context).toEqual([]);
        expect(samples('checks').length).toBeGreaterThan(0);
        expect(
          samples('http_req_failed').every((sample) => sample.value === 0),
          context,
        ).toBe(true);
        if (name !== 'browse') {
          const checkouts = samples('checkout_success');
          expect(checkouts.length, 'a checkout ran').toBeGreaterThan(0);
          expect(checkouts.map((sample) => sample.tags.state)).toEqual(
            checkouts.map(() => 'CONFIRMED'),
          );
          expect(samples('checkout_to_confirmed')).toHaveLength(checkouts.length);
        }
        const written = script.handleSummary(summaryData());
        expect(written.stdout).toContain(`${name}: passed`);
        expect(JSON.parse(written[env.SUMMARY_FILE])).toHaveProperty('metrics.http_reqs');
      },
      SCRIPT_TIMEOUT_MS,
    );
  }

  it(
    'demo seed: through the gateway, grows to --products and is idempotent',
    async () => {
      const grown = await seed([`--base-url=${local!.api}`, '--products=44', '--wait-seconds=10']);
      expect(grown).toContain('categories: 32 (0 new)');
      expect(grown).toContain('products: 44 (4 new)');
      const again = await seed([`--base-url=${local!.api}`, '--products=44', '--wait-seconds=10']);
      expect(again).toContain('products: 44 (0 new)');
      expect(again).toContain('stock: 0 SKUs stocked');
      const listed = await fetch(`${local!.api}/products?limit=100`);
      const { items } = (await listed.json()) as { items: { sku: string }[] };
      expect(items).toHaveLength(44);
    },
    SEED_TIMEOUT_MS * 2,
  );

  it(
    'helm test journey: buys a product in stock and follows the order to CONFIRMED',
    async () => {
      const result = await journey(local!.api);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/journey passed: .+ CONFIRMED/);
    },
    SEED_TIMEOUT_MS,
  );

  it(
    'helm test journey: fails on an empty shop',
    async () => {
      const port = await freePort();
      const shop = await emptyShop(port);
      try {
        const result = await journey(`http://127.0.0.1:${port}/api/v1`);
        expect(result.code).toBe(1);
        expect(result.output).toContain('is the shop seeded?');
      } finally {
        shop.stop();
      }
    },
    SEED_TIMEOUT_MS,
  );
});
