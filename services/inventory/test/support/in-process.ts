import type { HttpService } from '@shop/platform-http';
import { createLogger, NestPinoLogger } from '@shop/platform-telemetry';
import { provisionTestTopics } from '@shop/testing';
import { startInventory } from '../../src/bootstrap.js';
import { parseInventoryConfig } from '../../src/config/inventory.config.js';

/** The service in the test's own process, for tests that reach into it or only need one. */
export async function startInProcess(env: Record<string, string>): Promise<HttpService> {
  const config = parseInventoryConfig(env);
  await provisionTestTopics(env, { inventory: config.kafka.groupId });
  return startInventory(config, {
    handleSignals: false,
    shutdownTimeoutMs: 15_000,
    logger: new NestPinoLogger(createLogger({ service: 'inventory-test', level: config.logLevel })),
  });
}
