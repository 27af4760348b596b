import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HealthRegistry } from '../health/health-registry.service.js';
import { withTimeout } from '../timeout.js';
import type { RequestTracker } from './request-tracker.js';

/** What {@link GracefulShutdown} acts on. */
export interface GracefulShutdownDeps {
  app: Pick<INestApplication, 'close' | 'getHttpServer'>;
  health: Pick<HealthRegistry, 'markShuttingDown'>;
  tracker: RequestTracker;
  logger: LoggerService;
  /** Time to keep serving after readiness flips, for load balancers to notice. */
  drainDelayMs: number;
  /** Bound on the whole sequence. */
  timeoutMs: number;
}

/**
 * The shutdown sequence, run once however many times it is asked for:
 * 1. readiness flips to 503 at once, and from then on every answer closes its connection, so
 *    that keep-alive clients (the gateway's pools, a load balancer) reconnect elsewhere;
 * 2. after `drainDelayMs`, idle keep-alive connections are closed, and new requests are refused
 *    with 503 (probes still answer);
 * 3. the requests in flight finish;
 * 4. `app.close()` runs Nest's shutdown hooks (pools, Kafka consumers) and closes the server.
 *
 * Nest's own `enableShutdownHooks()` would run step 4 at once, closing pools under requests
 * still running, which is why the service's signals come here instead.
 */
export class GracefulShutdown {
  private running?: Promise<void>;

  constructor(private readonly deps: GracefulShutdownDeps) {}

  /** Runs the sequence (once); rejects if it outlasts `timeoutMs`. */
  run(reason: string): Promise<void> {
    this.running ??= this.sequence(reason);
    return this.running;
  }

  private async sequence(reason: string): Promise<void> {
    const { app, health, tracker, logger, drainDelayMs, timeoutMs } = this.deps;
    const deadline = performance.now() + timeoutMs;
    const remaining = () => Math.max(0, deadline - performance.now());
    health.markShuttingDown();
    tracker.startDraining();
    logger.log({ message: `shutting down (${reason})`, inFlight: tracker.count }, 'Shutdown');
    if (drainDelayMs > 0) await sleep(drainDelayMs);
    // Closed before the refusals start: a connection unused during the drain would otherwise
    // carry its client's next request into a 503 instead of to a new connection elsewhere.
    (app.getHttpServer() as Server).closeIdleConnections();
    tracker.startRefusing();
    if (!(await tracker.waitForIdle(remaining()))) {
      throw new Error(
        `shutdown timed out after ${timeoutMs} ms with ${tracker.count} requests in flight`,
      );
    }
    await withTimeout(app.close(), remaining(), {
      error: () =>
        new Error(`shutdown timed out after ${timeoutMs} ms while closing the application`),
      onLateRejection: (err) => {
        logger.error({ message: 'closing the application failed', error: String(err) });
      },
    });
    logger.log({ message: 'shut down' }, 'Shutdown');
  }
}
