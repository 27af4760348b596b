/**
 * Rolling restarts under load: each service is replaced the way a Kubernetes Deployment rolls it
 * (maxSurge 1, maxUnavailable 0): a second process started and ready first, the front on the
 * service's port switched to it, then SIGTERM to the old one, which drains
 * (`Platform.rollingRestart`). Careful clients check out and browse through the gateway all the
 * while. Afterwards: no client saw an answer of 500 or more, nor gave up a request; every
 * order ended, stock is conserved and matches the CONFIRMED orders, the outboxes are empty and
 * every consumer group caught up with one member, the new process. `npm test` rolls each of the
 * five services once; `CHAOS_SCALE=full` (npm run chaos) three rounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSkus } from '@shop/launcher/seed';
import { SERVICE_NAMES, type ServiceName } from '@shop/launcher/services';
import { oneMemberPerGroup } from '../src/invariants.ts';
import { subscriptions } from '../src/poison.ts';
import { BrowseTraffic, type RetryStats } from '../src/traffic.ts';
import {
  describeOutcome,
  faultUnderLoad,
  startUnderLoad,
  stopUnderLoad,
  type UnderLoad,
} from '../src/under-load.ts';

const full = process.env.CHAOS_SCALE === 'full';
const ROUNDS = full ? 3 : 1;
/** Browsing loops beside the checkout ones; they share the admin's session. */
const BROWSERS = 3;

let setup: UnderLoad;

beforeAll(async () => {
  setup = await startUnderLoad('rolling', { fronts: true });
}, 300_000);

afterAll(async () => {
  await stopUnderLoad(setup);
}, 60_000);

/** Members of the service's consumer group, when it has one. */
async function groupMembers(name: ServiceName): Promise<number | undefined> {
  const group = setup.shop.platform.specs[name].env.KAFKA_GROUP_ID;
  if (!group) return undefined;
  const { groups } = await setup.kafkaAdmin.describeGroups([group]);
  return groups[0]?.members.length ?? 0;
}

function sum(...stats: RetryStats[]): RetryStats {
  return {
    retried: stats.reduce((n, s) => n + s.retried, 0),
    serverErrors: stats.reduce((n, s) => n + s.serverErrors, 0),
    unanswered: stats.reduce((n, s) => n + s.unanswered, 0),
  };
}

describe('rolling restarts under load', () => {
  it(`replaces each service ${ROUNDS}× under checkout and browse traffic without a 5xx`, async () => {
    const { platform } = setup.shop;
    const skus = (await allSkus(platform.url('catalog'))).slice(0, 3);
    const browsing = new BrowseTraffic(Array.from({ length: BROWSERS }, () => setup.admin));
    const leftGroups: number[] = [];
    browsing.start();
    const outcome = await faultUnderLoad(setup, skus, async () => {
      for (let round = 1; round <= ROUNDS; round += 1) {
        for (const name of SERVICE_NAMES) {
          const { readyMs, drainedMs } = await platform.rollingRestart(name).catch((error) => {
            throw new Error(`${(error as Error).message}\n${setup.shop.lastOutput()}`);
          });
          const members = await groupMembers(name);
          if (members !== undefined) leftGroups.push(members);
          const seen = sum(browsing.stats);
          console.log(
            `round ${round}, ${name} rolled in ${((readyMs + drainedMs) / 1000).toFixed(1)} s ` +
              `(new process ready ${(readyMs / 1000).toFixed(1)} s, old one drained and gone ` +
              `${(drainedMs / 1000).toFixed(1)} s)` +
              (members === undefined ? '' : `, its consumer group then had ${members} member(s)`) +
              `; browsing so far: ${seen.serverErrors} answers ≥ 500, ${seen.unanswered} unanswered`,
          );
        }
      }
    }).finally(() => browsing.stop());
    await oneMemberPerGroup(setup.kafkaAdmin, subscriptions(platform.settings.namespace));
    const clients = sum(outcome.traffic.stats, browsing.stats);
    console.log(
      `${describeOutcome(`${ROUNDS} rolling restart(s) of all five`, outcome)}; all clients: ` +
        `${clients.serverErrors} answers ≥ 500, ${clients.unanswered} calls unanswered, ` +
        `${clients.retried} retried, ${browsing.failures.length} browses given up`,
    );
    expect(outcome.traffic.placed.length).toBeGreaterThan(0);
    expect(clients.serverErrors).toBe(0);
    // Nothing lost: no client gave up. A call can still meet a keep-alive connection at the
    // instant the old process closes it (no answer, counted above); the client retried it.
    expect([...outcome.traffic.failures, ...browsing.failures]).toEqual([]);
    // The old process left its groups on SIGTERM, rather than being dropped at its session timeout.
    expect(leftGroups.every((members) => members <= 1)).toBe(true);
  }, 900_000);
});
