/**
 * `npm run bench:catalog`: what the catalog serves on this machine against the devstack's
 * FerretDB, Redis and Kafka, next to a bare node:http server answering the same JSON. Prints
 * figures; asserts nothing (speed is measured, not tested).
 *
 * The catalog runs as its own process (twice: cache on, cache off) and so does the bare server;
 * this process is the load generator: a closed loop of BENCH_CONCURRENCY keep-alive connections
 * for BENCH_SECONDS per scenario, every request bounded by a timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { devstackEnv, percentile, testTopicPrefix, uniqueName, waitFor } from '@shop/testing';
import { connectMongo } from '../src/database/database.module.js';
import { seedCatalog } from '../src/seed/seed-catalog.js';
import { ChildCatalog } from '../test/support/child-catalog.js';
import { freePort } from '../test/support/redis-server.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const productCount = Number(process.env.BENCH_PRODUCTS ?? 1000);
/** The products read by id: a hot set, all in the cache before the cached scenario starts. */
const hotCount = Number(process.env.BENCH_HOT_PRODUCTS ?? 100);

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** One GET over `agent`: its status, the body drained. */
function fetchStatus(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.setTimeout(30_000, () => request.destroy(new Error(`timeout: ${url}`)));
    request.on('error', reject);
  });
}

/** The closed loop: `concurrency` workers, each sending its next request when the last answered. */
async function load(name: string, urlFor: (i: number) => string): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const run = async (until: number, latencies?: number[]) => {
    let errors = 0;
    const worker = async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const status = await fetchStatus(urlFor(next++), agent).catch(() => 0);
        latencies?.push(performance.now() - started);
        if (status !== 200) errors += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return errors;
  };
  await run(performance.now() + 1_000); // warm-up: connections, JIT, caches
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await run(started + seconds * 1_000, latencies);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    name,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

function describe(result: Result): string {
  return `| ${result.name} | ${Math.round(result.rps)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${result.errors} |`;
}

async function startBare(
  bodies: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const file = join(tmpdir(), `${uniqueName('bare')}.json`);
  writeFileSync(file, JSON.stringify(bodies));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'bare-server.ts'), file, String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function main(): Promise<void> {
  const devstack = devstackEnv();
  const environment: Record<string, string> = {
    HOST: '127.0.0.1',
    MONGODB_URL: devstack.MONGODB_URL,
    MONGODB_DATABASE: uniqueName('bench_catalog'),
    REDIS_URL: devstack.REDIS_URL,
    REDIS_KEY_PREFIX: `${uniqueName('bench_catalog')}:`,
    KAFKA_BROKERS: devstack.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: testTopicPrefix('bench_catalog'),
    AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    AUTH_ISSUER: 'https://auth.shop.bench',
    AUTH_AUDIENCE: 'shop-api',
    LOG_LEVEL: 'warn',
  };
  log(`catalog benchmark on ${process.platform}/${process.arch}, Node ${process.version}`);
  log(
    `${concurrency} keep-alive connections, ${seconds} s per scenario, ${productCount} products (${hotCount} read by id)`,
  );
  const db = await connectMongo(environment.MONGODB_URL, environment.MONGODB_DATABASE);
  const children: { kill(): Promise<void> }[] = [];
  let bare: ChildProcess | undefined;
  try {
    let started = performance.now();
    await seedCatalog(db, { products: productCount });
    log(
      `seeded ${productCount} products in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const cached = await ChildCatalog.start(environment);
    children.push(cached);
    started = performance.now();
    await waitFor(
      async () =>
        (await db.collection('products').countDocuments({ pendingSince: { $exists: true } })) === 0,
      { timeoutMs: 600_000, intervalMs: 500, what: 'the relay to publish the seed events' },
    );
    const drain = (performance.now() - started) / 1000;
    log(
      `relay published the ${productCount} product.created events in ${drain.toFixed(1)} s (${Math.round(productCount / drain)} events/s)`,
    );
    const uncached = await ChildCatalog.start({ ...environment, CACHE_ENABLED: 'false' });
    children.push(uncached);

    const ids: string[] = [];
    for (let cursor: string | null = '', pages = 0; cursor !== null && pages < 100; pages++) {
      const page = (await (
        await fetch(
          `${cached.url}/products?sort=price_asc&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json()) as { items: { id: string }[]; nextCursor: string | null };
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    }
    const listPaths = ['kitchen', 'clothing', 'electronics', 'sports', 'books'].map(
      (category) => `/products?category=${category}&sort=price_asc&limit=20`,
    );
    const productBody = await (await fetch(`${cached.url}/products/${ids[0]}`)).text();
    const listBody = await (await fetch(`${cached.url}${listPaths[0]}`)).text();
    const started2 = await startBare({ '/product': productBody, '/list': listBody });
    bare = started2.child;

    const hot = ids.filter((_, i) => i % Math.ceil(ids.length / hotCount) === 0).slice(0, hotCount);
    for (const id of hot) await fetch(`${cached.url}/products/${id}`);
    for (const path of listPaths) await fetch(`${cached.url}${path}`);
    const byId = (url: string) => (i: number) => `${url}/products/${hot[i % hot.length]}`;
    const list = (url: string) => (i: number) => `${url}${listPaths[i % listPaths.length]}`;
    const results = [
      await load('product by id, Redis cache', byId(cached.url)),
      await load('product by id, FerretDB (cache off)', byId(uncached.url)),
      await load('list page (20), Redis cache', list(cached.url)),
      await load('list page (20), FerretDB (cache off)', list(uncached.url)),
      await load('bare node:http, product JSON', () => `${started2.url}/product`),
      await load('bare node:http, list JSON', () => `${started2.url}/list`),
    ];
    log('');
    log('| scenario | requests/s | p50 ms | p99 ms | errors |');
    log('| --- | --: | --: | --: | --: |');
    for (const result of results) log(describe(result));
    const ratio = (a: Result, b: Result) => (a.rps / b.rps).toFixed(2);
    log('');
    log(`product by id from cache / bare server: ${ratio(results[0], results[4])}`);
    log(`list page from cache / bare server: ${ratio(results[2], results[5])}`);
    log(
      `product body ${Buffer.byteLength(productBody)} B, list body ${Buffer.byteLength(listBody)} B`,
    );
  } finally {
    bare?.kill('SIGKILL');
    for (const child of children) await child.kill();
    await sleep(100);
    await db.dropDatabase();
    await db.close();
  }
}

await main();
