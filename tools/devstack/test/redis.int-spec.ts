import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { devstackEnv, uniqueName, waitFor } from '@shop/testing';

describe('Redis through ioredis', () => {
  const redis = new Redis(devstackEnv().REDIS_URL, { maxRetriesPerRequest: 1 });
  const key = `${uniqueName('redis_roundtrip')}:cart`;

  afterAll(async () => {
    await redis.del(key);
    await redis.quit();
  });

  it('sets a value with an expiry, reads it, then sees it expire', async () => {
    expect(await redis.set(key, 'three socks', 'PX', 300)).toBe('OK');
    expect(await redis.get(key)).toBe('three socks');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);

    await waitFor(async () => (await redis.exists(key)) === 0, {
      timeoutMs: 5_000,
      what: `${key} to expire`,
    });
    expect(await redis.get(key)).toBeNull();
    expect(await redis.pttl(key)).toBe(-2);
  });
});
