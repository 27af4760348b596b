import {
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { HealthRegistry } from '@shop/platform-http';
import { ORDER_CONFIG } from '../config/config.module.js';
import type { OrderConfig } from '../config/order.config.js';

/** Injection token of the service's Redis client (carts, status notifications). */
export const REDIS = Symbol('REDIS');

/**
 * Carts live only here, so unlike a cache a command waits while Redis reconnects, but only
 * briefly: one retry and a one-second timeout, then the request fails with 503.
 */
export function createRedis(config: OrderConfig): Redis {
  return new Redis(config.redis.url, {
    keyPrefix: config.redis.keyPrefix,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('redis', async () => {
      await this.redis.ping();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [ORDER_CONFIG], useFactory: createRedis }, RedisLifecycle],
  exports: [REDIS],
})
export class RedisModule {}
