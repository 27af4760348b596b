import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { metrics } from '@shop/platform-telemetry';
import { CATALOG_CONFIG, type CatalogConfig } from '../config/catalog.config.js';
import { CatalogCache, REDIS_CLIENT } from './cache.service.js';

/**
 * A client that fails fast instead of waiting for Redis: no offline queue and no per-command
 * retries (a command while disconnected fails at once), and a short command timeout for a Redis
 * that is up but stuck. It reconnects in the background forever.
 */
export function createRedis(config: Pick<CatalogConfig, 'REDIS_URL' | 'REDIS_KEY_PREFIX'>): Redis {
  return new Redis(config.REDIS_URL, {
    keyPrefix: config.REDIS_KEY_PREFIX,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 200,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

/** Logs Redis going down and coming back once each, not on every reconnect attempt. */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {
    if (!redis) return;
    const connected = metrics.gauge(
      'catalog_cache_connected',
      '1 while the Redis cache is connected; 0 while the catalog answers from MongoDB alone.',
    );
    let down = false;
    redis.on('ready', () => {
      connected.set(1);
      if (down) this.logger.log('Redis is back: caching again');
      down = false;
    });
    redis.on('error', (error: Error) => {
      connected.set(0);
      if (!down) {
        this.logger.warn({
          message: 'Redis unavailable: serving from MongoDB',
          error: error.message,
        });
      }
      down = true;
    });
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [CATALOG_CONFIG],
      useFactory: (config: CatalogConfig) => (config.CACHE_ENABLED ? createRedis(config) : null),
    },
    RedisLifecycle,
    CatalogCache,
  ],
  exports: [CatalogCache],
})
export class CacheModule {}
