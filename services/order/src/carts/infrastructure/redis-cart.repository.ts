import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ORDER_CONFIG } from '../../config/config.module.js';
import type { OrderConfig } from '../../config/order.config.js';
import { REDIS } from '../../redis/redis.module.js';
import { Cart, type CartItem } from '../domain/cart.js';
import { CartStoreUnavailableError } from '../domain/cart.errors.js';

/** The hash field holding the cart's version; SKUs are upper case, so it never collides. */
const VERSION_FIELD = 'v';

/**
 * Replaces the whole cart if its version is still the one read, bumps the version and restarts
 * the inactivity TTL. KEYS[1] the cart; ARGV: expected version, TTL seconds, then sku/quantity
 * pairs. Returns the new version, or -1 when someone else saved first.
 */
const SAVE_IF_UNCHANGED = `
local current = tonumber(redis.call('HGET', KEYS[1], '${VERSION_FIELD}') or '0')
if current ~= tonumber(ARGV[1]) then return -1 end
redis.call('DEL', KEYS[1])
local next = current + 1
redis.call('HSET', KEYS[1], '${VERSION_FIELD}', next)
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return next`;

/** Deletes the cart if its version is still the one read. KEYS[1] the cart; ARGV[1] the version. */
const DELETE_IF_UNCHANGED = `
local current = tonumber(redis.call('HGET', KEYS[1], '${VERSION_FIELD}') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
return redis.call('DEL', KEYS[1])`;

type CartCommands = Redis & {
  saveCartIfUnchanged(key: string, ...args: (string | number)[]): Promise<number>;
  deleteCartIfUnchanged(key: string, version: number): Promise<number>;
};

/**
 * Carts in Redis, one hash per customer (`<prefix>cart:<customerId>`: SKU → quantity, plus the
 * version). Saves are compare-and-set on the version, so two concurrent changes cannot both
 * pass the cart's limits; the loser reloads and tries again.
 */
@Injectable()
export class RedisCartRepository {
  private readonly redis: CartCommands;
  private readonly ttlSeconds: number;

  constructor(@Inject(REDIS) redis: Redis, @Inject(ORDER_CONFIG) config: OrderConfig) {
    redis.defineCommand('saveCartIfUnchanged', { numberOfKeys: 1, lua: SAVE_IF_UNCHANGED });
    redis.defineCommand('deleteCartIfUnchanged', { numberOfKeys: 1, lua: DELETE_IF_UNCHANGED });
    this.redis = redis as CartCommands;
    this.ttlSeconds = config.cart.ttlSeconds;
  }

  async load(customerId: string): Promise<Cart> {
    const hash = await this.call(() => this.redis.hgetall(keyOf(customerId)));
    const items: CartItem[] = [];
    for (const [field, value] of Object.entries(hash)) {
      if (field !== VERSION_FIELD) items.push({ sku: field, quantity: Number(value) });
    }
    return Cart.restore(customerId, items, Number(hash[VERSION_FIELD] ?? 0));
  }

  /** @returns false when the cart changed since it was loaded (nothing was written). */
  async save(cart: Cart): Promise<boolean> {
    const pairs = cart.lines.flatMap((line) => [line.sku, line.quantity]);
    const result = await this.call(() =>
      this.redis.saveCartIfUnchanged(
        keyOf(cart.customerId),
        cart.version,
        this.ttlSeconds,
        ...pairs,
      ),
    );
    return result !== -1;
  }

  /** Empties the cart; with `version`, only if nobody changed it since (after a checkout). */
  async clear(customerId: string, version?: number): Promise<void> {
    const key = keyOf(customerId);
    await this.call(() =>
      version === undefined ? this.redis.del(key) : this.redis.deleteCartIfUnchanged(key, version),
    );
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new CartStoreUnavailableError(error);
    }
  }
}

function keyOf(customerId: string): string {
  return `cart:${customerId}`;
}
