/**
 * The Locust smoke scenario against a whole platform started for this test (free ports, its own
 * databases and topics, raised rate limits, 40 products): the scenario files are run, not just
 * linted. Nothing here asserts a timing; the scenario's own latency thresholds are loose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalPlatform } from '../src/local-platform.ts';
import { runSmoke } from '../src/smoke.ts';

// Bounded but generous: five services boot in ~100 s on a loaded 2-core machine, and a cold
// machine installs Locust first (~20 s); the smoke run is killed after 90 s at the latest.
const START_TIMEOUT_MS = 300_000;
const SMOKE_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

describe('load: the Locust smoke scenario', () => {
  let local: LocalPlatform | undefined;

  beforeAll(async () => {
    local = await LocalPlatform.start({ products: 40 });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await local?.stop();
  }, STOP_TIMEOUT_MS);

  it(
    'holds its thresholds with no failed request and confirms orders',
    async () => {
      const result = await runSmoke(local!.api);
      expect(result.passed, `${result.summary}\n${local!.lastOutput(20)}`).toBe(true);
    },
    SMOKE_TIMEOUT_MS,
  );
});
