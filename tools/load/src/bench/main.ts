/**
 * `npm run bench`: what the whole platform costs on this machine, each figure next to a floor
 * measured in the same run on the same servers, written to `bench/results/<date>.md` and `.json`.
 * Prints figures; asserts nothing. Starts its own platform (free ports, isolated namespace), so
 * it never depends on `npm start`. Every figure names how it was measured (see the report).
 */
import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startOtlpReceiver } from '@shop/testing';
import { LocalPlatform } from '../local-platform.ts';
import { ROOT, writeFormatted } from '../paths.ts';
import { checkoutBench } from './checkout.ts';
import type { ClosedLoopResult } from './closed-loop.ts';
import { markdown } from './markdown.ts';
import { productBench } from './product.ts';
import { log, r2, settings, type Results } from './results.ts';
import { memoryFigures, serviceRss } from './service-memory.ts';
import { startupBench } from './startup.ts';
import { productLoop } from './tracing.ts';

async function main(): Promise<void> {
  const began = Date.now();
  const date = new Date().toISOString().slice(0, 10);
  const results: Results = {
    date,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: { ...settings, rates: settings.rates.join(',') },
    notMeasured: [],
  };
  const receiver = await startOtlpReceiver();
  log(`starting the platform on free ports (${settings.products} products)...`);
  const local = await LocalPlatform.start({
    products: settings.products,
    otlpEndpoint: receiver.url,
    log,
  });
  log(`platform ready in ${Math.round((Date.now() - began) / 1000)} s at ${local.api}`);
  const underLoad: Record<string, number> = {};
  const step = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      log(`${what} failed: ${(error as Error).message}`);
      results.notMeasured.push(
        `${what}: failed in this run (${(error as Error).message.split('\n')[0]})`,
      );
    }
  };
  try {
    await sleep(2_000);
    const atRest = serviceRss(local);
    let productId = '';
    await step('(1) product bare vs gateway', async () => {
      productId = await productBench(local, results, underLoad);
    });
    await step('(2) checkout vs floor', () => checkoutBench(local, results, underLoad));
    results.memory = memoryFigures(atRest, underLoad);
    // On and off back to back, both after (2), so that warm-up and data size are the same.
    let tracingOn: ClosedLoopResult | undefined;
    await step('(5) tracing on', async () => {
      tracingOn = await productLoop(local, productId, 'tracing on');
    });
    await step('(4) start-up', () => startupBench(local, results));
    await step('(5) tracing off', async () => {
      if (!tracingOn || !results.startup) throw new Error('needs (5) on and (4) first');
      const off = await productLoop(local, productId, 'tracing off');
      results.tracing = {
        on: tracingOn,
        off,
        rpsRatio: r2(off.requestsPerSecond / tracingOn.requestsPerSecond),
      };
    });
  } finally {
    await local.stop();
    await receiver.close();
  }
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  await writeFormatted(join(dir, `${date}.json`), JSON.stringify(results, null, 2));
  await writeFormatted(join(dir, `${date}.md`), markdown(results));
  log(`done in ${Math.round((Date.now() - began) / 1000)} s: bench/results/${date}.md and .json`);
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? error);
  process.exitCode = 1;
});
