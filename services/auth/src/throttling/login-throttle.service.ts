import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { HealthRegistry } from '@shop/platform-http';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';
import { ipBucket } from './ip-bucket.js';
import { ThrottleUnavailableError, TooManyAttemptsError } from './throttling.errors.js';

/**
 * Reserves one attempt on every counter, atomically, unless a counter is at its limit already.
 * Counting before the password is checked (and giving the attempt back on success) means that
 * concurrent guesses cannot all slip in under the limit while the first ones are being hashed.
 * KEYS: the counters. ARGV: the window in ms, then each counter's limit.
 * Returns 0 when the attempt may go on, else the ms until the blocking counter resets.
 */
const RESERVE_ATTEMPT = `
local wait = 0
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(ARGV[i + 1]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then ttl = tonumber(ARGV[1]) end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
end
return 0
`;

/**
 * A successful login clears the account's failures and gives back the client's reserved
 * attempt: only failures count against a client. KEYS: account counter, client counter.
 */
const RELEASE_ATTEMPT = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 0
`;

/**
 * Failed-login throttling in Redis, per account and per client address, in fixed windows that
 * start at the first failure. Accounts are counted by a hash of the email, whether or not the
 * account exists (a limit only real accounts hit would tell which exist) and without putting
 * addresses in Redis.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly redis: Redis;
  /** Whether the last connection event was a failure, so that an outage is logged once. */
  private down = false;
  private readonly settings: AuthConfig['throttling'];

  constructor(
    @Inject(AUTH_CONFIG) config: AuthConfig,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.settings = config.throttling;
    this.redis = new Redis(config.redisUrl, {
      keyPrefix: config.throttling.redisKeyPrefix,
      // Fail a login fast (503) rather than queue it behind reconnection attempts.
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
    });
    // ioredis reports every failed reconnection; one line per outage says enough.
    this.redis.on('ready', () => (this.down = false));
    this.redis.on('error', (error: Error) => {
      if (this.down) return;
      this.down = true;
      this.logger.warn(`redis unreachable (${error.message}); logins answer 503 until it is back`);
    });
  }

  onModuleInit(): void {
    this.health.register('redis', async () => {
      await this.redis.ping();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }

  /**
   * Counts a login attempt before the password is checked.
   * @throws TooManyAttemptsError when the account or the client is at its limit.
   * @throws ThrottleUnavailableError when Redis does not answer.
   */
  async reserve(email: string, ip: string): Promise<void> {
    const { windowSeconds, maxFailuresPerAccount, maxFailuresPerIp } = this.settings;
    const waitMs = Number(
      await this.run(() =>
        this.redis.eval(
          RESERVE_ATTEMPT,
          2,
          this.accountKey(email),
          this.clientKey(ip),
          windowSeconds * 1000,
          maxFailuresPerAccount,
          maxFailuresPerIp,
        ),
      ),
    );
    if (waitMs > 0) throw new TooManyAttemptsError(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  /** The attempt succeeded: it was not a failure after all. */
  async release(email: string, ip: string): Promise<void> {
    await this.run(() =>
      this.redis.eval(RELEASE_ATTEMPT, 2, this.accountKey(email), this.clientKey(ip)),
    );
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new ThrottleUnavailableError(error);
    }
  }

  private accountKey(email: string): string {
    return `login-failures:account:${createHash('sha256').update(email).digest('base64url')}`;
  }

  private clientKey(ip: string): string {
    return `login-failures:ip:${ipBucket(ip)}`;
  }
}
