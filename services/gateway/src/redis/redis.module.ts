import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { HealthRegistry } from '@shop/platform-http';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { LogThrottle } from '../support/log-throttle.js';

/**
 * A Redis command that has not answered in this time has failed: the limiter then lets the
 * request through rather than hold it up.
 */
const COMMAND_TIMEOUT_MS = 250;

/** Longest the boot waits for Redis. */
const BOOT_WAIT_MS = 2_000;

/**
 * The gateway's Redis connection, for the rate-limit counters and the deny-list of logged-out
 * tokens. No offline queue: while Redis is away commands fail at once (and both fail open)
 * instead of piling up behind requests.
 * It reconnects in the background; the readiness body names it while it is away (`degraded`).
 */
@Injectable()
export class GatewayRedis implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Redis');
  private readonly errors = new LogThrottle(10_000);
  readonly client: Redis;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.client = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // Without a listener an `error` event would crash the process.
    this.client.on('error', (err: Error) => {
      if (this.errors.shouldLog()) {
        this.logger.warn({ message: 'redis connection error', error: err.message });
      }
    });
  }

  /**
   * Waits a little for the first connection, so that limits hold from the first request; a
   * Redis that is down delays the boot by at most that, and never fails it.
   */
  async onModuleInit(): Promise<void> {
    // Shown in the readiness body, never failing it: the limiter fails open, so the gateway
    // serves without Redis, and a Redis blip must not take every replica out of the Service.
    this.health.register(
      'redis',
      async () => {
        await this.client.ping();
      },
      { affectsReadiness: false },
    );
    if (this.client.status === 'ready') return;
    const ready = new Promise<void>((resolve) => this.client.once('ready', resolve));
    await Promise.race([ready, sleep(BOOT_WAIT_MS, undefined, { ref: false })]);
  }

  async onModuleDestroy(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
      this.client.disconnect();
    }
  }
}

@Global()
@Module({ providers: [GatewayRedis], exports: [GatewayRedis] })
export class RedisModule {}
