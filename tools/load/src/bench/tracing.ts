/**
 * (5) Throughput with tracing on against tracing off: the closed loop of (1) on the gateway's
 * product route, once with the SDK on in every service and once after every service restarted
 * with `OTEL_SDK_DISABLED=true` (done by the start-up step, which restarts each service).
 */
import type { LocalPlatform } from '../local-platform.ts';
import { closedLoop, type ClosedLoopResult } from './closed-loop.ts';
import { fmt } from './markdown.ts';
import { log, settings } from './results.ts';

export async function productLoop(
  local: LocalPlatform,
  productId: string,
  what: string,
): Promise<ClosedLoopResult> {
  log(
    `(5) GET /products/:id through the gateway, ${what}, ${settings.connections} connections, ${settings.seconds} s`,
  );
  const result = await closedLoop(`${local.api}/products/${productId}`, {
    connections: settings.connections,
    durationMs: settings.seconds * 1000,
  });
  log(`    ${fmt(result)}`);
  return result;
}
