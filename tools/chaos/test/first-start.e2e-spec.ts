/**
 * The first start on a fresh machine (issue 18): a Kafka broker formatted a moment ago, with no
 * topic and no `__consumer_offsets`, and all five services started at once by the launcher, as
 * `npm start` does after the devstack has provisioned everything. Each round wipes the broker of
 * a devstack of this suite's own (`reset kafka`, then `up kafka`), starts the platform and seeds
 * it, which crosses Kafka end to end (order prices the catalog from catalog's events). Every
 * round must be ready, and no service may exit or log an error. The other servers are the
 * shared stack's: only the broker needs to be fresh. 2 rounds by default, 5 at
 * `CHAOS_SCALE=full`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolatedPlatform } from '@shop/launcher/isolated';
import { OwnStack } from '../src/own-stack.ts';
import { CHAOS_ADMIN, CHAOS_CUSTOMER } from '../src/platform.ts';

const full = process.env.CHAOS_SCALE === 'full';
const ROUNDS = full ? 5 : 2;

let stack: OwnStack | undefined;
const sharedBrokers = process.env.KAFKA_BROKERS;

beforeAll(async () => {
  stack = await OwnStack.up('first-start', (line) => console.log(line), ['kafka']);
  // The platform and its clients read the devstack's settings from the environment first: the
  // broker is this suite's, everything else the shared stack's.
  process.env.KAFKA_BROKERS = stack.env().KAFKA_BROKERS;
}, 600_000);

afterAll(async () => {
  if (sharedBrokers === undefined) delete process.env.KAFKA_BROKERS;
  else process.env.KAFKA_BROKERS = sharedBrokers;
  await stack?.down();
}, 300_000);

/** One first start: a fresh broker, the five services at once, seeded. */
async function firstStart(round: number): Promise<void> {
  await stack!.wipe('kafka');
  await stack!.start('kafka');
  const started = Date.now();
  const shop = await IsolatedPlatform.start({
    name: `first${round}`,
    products: 3,
    admin: CHAOS_ADMIN,
    customer: CHAOS_CUSTOMER,
    log: (line) => console.log(`round ${round}: ${line}`),
  });
  try {
    console.log(`round ${round}: ready and seeded after ${(Date.now() - started) / 1000} s`);
    // What a newcomer reads on the first start: before the topics had one owner, every round
    // logged KafkaJS errors (InitProducerId, GroupCoordinator, Metadata) even when it got up.
    const errors = shop.outputMatching(/"level":"(error|fatal)"|exited unexpectedly/);
    console.log(`round ${round}: ${errors.length} error lines\n${errors.slice(0, 15).join('\n')}`);
    expect(errors, 'error lines of the services at their first start').toEqual([]);
  } finally {
    await shop.stop();
  }
}

describe('first start on a freshly formatted Kafka', () => {
  for (let round = 1; round <= ROUNDS; round += 1) {
    it(`round ${round} of ${ROUNDS}: all five services ready, the shop seeded`, async () => {
      await firstStart(round);
    }, 420_000);
  }
});
