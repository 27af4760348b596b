/**
 * Faults under load: checkout traffic runs throughout while a service of the platform is killed
 * with SIGKILL (no shutdown, no goodbye to its consumer group) and started again, repeatedly.
 * Afterwards, read from the stores and the broker: every order ended, stock is conserved and
 * matches the CONFIRMED orders exactly, every outbox is empty and every consumer group caught up.
 * `npm test` kills each service twice; `CHAOS_SCALE=full` (npm run chaos) six times. Clients
 * retry a bounded number of times and may give up while a service is down: those are counted and
 * printed, not failures, since the invariants are read from the stores, not from the clients.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSkus } from '@shop/launcher/seed';
import type { ServiceName } from '@shop/launcher/services';
import {
  describeOutcome,
  faultUnderLoad,
  startUnderLoad,
  stopUnderLoad,
  type UnderLoad,
} from '../src/under-load.ts';

const full = process.env.CHAOS_SCALE === 'full';
const KILLS = full ? 6 : 2;

let setup: UnderLoad;

beforeAll(async () => {
  setup = await startUnderLoad('faults');
}, 300_000);

afterAll(async () => {
  await stopUnderLoad(setup);
}, 60_000);

/** Traffic on `skus` while `victim` is SIGKILLed and restarted KILLS times; then the checks. */
async function killUnderLoad(victim: ServiceName, skus: string[]): Promise<void> {
  const { platform } = setup.shop;
  const backAfter: string[] = [];
  const outcome = await faultUnderLoad(setup, skus, async () => {
    for (let kill = 0; kill < KILLS; kill += 1) {
      if (kill > 0) await sleep(3_000 + Math.random() * 3_000);
      await platform.supervisor.kill(victim);
      const killed = performance.now();
      await sleep(500);
      await platform.restart(victim);
      backAfter.push(((performance.now() - killed) / 1000).toFixed(1));
    }
  });
  console.log(
    `${describeOutcome(`${victim} killed ${KILLS}×`, outcome)}; ready again ${backAfter.join(', ')} s after each kill`,
  );
  // What the issue asks of a kill is that nothing accepted is lost or doubled (checked from the
  // stores); a client may still give up while the service is down, which is counted.
  expect(outcome.traffic.placed.length).toBeGreaterThan(0);
}

describe('faults under load', () => {
  let skus: string[];

  beforeAll(async () => {
    skus = await allSkus(setup.shop.platform.url('catalog'));
  });

  it(`keeps every order and unit of stock while the order service is SIGKILLed ${KILLS}×`, async () => {
    await killUnderLoad('order', skus.slice(0, 3));
  }, 600_000);

  it(`keeps every order and unit of stock while inventory is SIGKILLed ${KILLS}×`, async () => {
    await killUnderLoad('inventory', skus.slice(3, 6));
  }, 600_000);
});
