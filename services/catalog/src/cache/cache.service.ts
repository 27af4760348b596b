import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { metrics } from '@shop/platform-telemetry';
import { CATALOG_CONFIG, type CatalogConfig } from '../config/catalog.config.js';
import { jitteredTtl } from './ttl-jitter.js';

/** Injection token of the ioredis client; `null` when the cache is turned off. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** What a cache lookup served, for `catalog_cache_requests_total`. */
export type CacheName = 'product' | 'slug' | 'list' | 'categories';

/**
 * Sets a versioned entry unless the key holds a newer value, or a tombstone a writer left for a
 * newer version. Closes the cache-aside race where a reader loads version 4 from MongoDB, a writer
 * commits version 5 and invalidates, and the reader then caches its stale version 4.
 * Entries are `<version>|<json>`; a tombstone is `<version>|`.
 */
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local sep = string.find(current, '|', 1, true)
  if sep then
    local held = tonumber(string.sub(current, 1, sep - 1))
    local incoming = tonumber(ARGV[1])
    local tombstone = sep == #current
    if held and ((tombstone and held > incoming) or (not tombstone and held >= incoming)) then
      return 0
    end
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

type RedisWithScripts = Redis & {
  setIfNewer(key: string, version: number, entry: string, ttlSeconds: number): Promise<number>;
};

/**
 * The catalog's Redis cache. Every method swallows Redis failures (counted in
 * `catalog_cache_errors_total`) and reports a miss: the catalog answers from MongoDB when Redis
 * is slow or down, never with a 5xx because of it.
 */
@Injectable()
export class CatalogCache {
  private readonly logger = new Logger(CatalogCache.name);
  private readonly redis: RedisWithScripts | null;
  private readonly ttlSeconds: number;
  private readonly requests = metrics.counter(
    'catalog_cache_requests_total',
    'Cache lookups by cache and result (hit or miss).',
    ['cache', 'result'],
  );
  private readonly errors = metrics.counter(
    'catalog_cache_errors_total',
    'Redis operations that failed or timed out; the request was served from MongoDB.',
    ['operation'],
  );

  constructor(
    @Inject(REDIS_CLIENT) redis: Redis | null,
    @Inject(CATALOG_CONFIG) config: CatalogConfig,
  ) {
    if (redis && !('setIfNewer' in redis)) {
      redis.defineCommand('setIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER });
    }
    this.redis = redis as RedisWithScripts | null;
    this.ttlSeconds = config.CACHE_TTL_SECONDS;
  }

  get enabled(): boolean {
    return this.redis !== null;
  }

  /** A value cached with its version; undefined on a miss, a tombstone or a Redis failure. */
  async getVersioned<T>(cache: CacheName, key: string): Promise<T | undefined> {
    const entry = (await this.attempt('get', (redis) => redis.get(key))) ?? '';
    const json = entry.slice(entry.indexOf('|') + 1);
    const hit = entry.includes('|') && json !== '';
    this.count(cache, hit);
    return hit ? (JSON.parse(json) as T) : undefined;
  }

  /** Caches `value` at `version`, unless the key already holds something newer. */
  async setVersioned(key: string, version: number, value: unknown): Promise<void> {
    const entry = `${version}|${JSON.stringify(value)}`;
    await this.attempt('set', (redis) => redis.setIfNewer(key, version, entry, this.ttl()));
  }

  /**
   * After a write of `version`: replaces the entries by tombstones, so that a reader still holding
   * an older version cannot put it back (see {@link SET_IF_NEWER}).
   */
  async invalidateVersioned(keys: string[], version: number): Promise<void> {
    await this.attempt('invalidate', async (redis) => {
      const pipeline = redis.multi();
      for (const key of keys) pipeline.set(key, `${version}|`, 'EX', this.ttl());
      await pipeline.exec();
    });
  }

  async get<T>(cache: CacheName, key: string): Promise<T | undefined> {
    const json = await this.attempt('get', (redis) => redis.get(key));
    this.count(cache, typeof json === 'string');
    return typeof json === 'string' ? (JSON.parse(json) as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.attempt('set', (redis) => redis.set(key, JSON.stringify(value), 'EX', this.ttl()));
  }

  async del(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.attempt('del', (redis) => redis.del(...keys));
  }

  /**
   * The list generation: part of every list page's key and raised by every write, so one INCR
   * retires every cached page at once. Undefined when Redis cannot tell, and then list pages
   * bypass the cache: a page cached under a generation we cannot check could be stale.
   */
  async listGeneration(): Promise<number | undefined> {
    const value = await this.attempt('generation', (redis) => redis.get(LIST_GENERATION_KEY));
    if (value === undefined) return undefined;
    return value === null ? 0 : Number(value);
  }

  async bumpListGeneration(): Promise<void> {
    await this.attempt('generation', (redis) => redis.incr(LIST_GENERATION_KEY));
  }

  private ttl(): number {
    return jitteredTtl(this.ttlSeconds);
  }

  private count(cache: CacheName, hit: boolean): void {
    if (this.redis) this.requests.inc({ cache, result: hit ? 'hit' : 'miss' });
  }

  /** Runs one Redis operation; a failure is counted and logged, and yields undefined. */
  private async attempt<T>(
    operation: string,
    work: (redis: RedisWithScripts) => Promise<T>,
  ): Promise<T | undefined> {
    if (!this.redis) return undefined;
    try {
      return await work(this.redis);
    } catch (error) {
      this.errors.inc({ operation });
      this.logger.debug({ message: 'cache operation failed', operation, error: String(error) });
      return undefined;
    }
  }
}

export const LIST_GENERATION_KEY = 'lists:generation';
