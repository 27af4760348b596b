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
import { backoffSchedule } from './backoff.js';
import { ipBucket } from './ip-bucket.js';
import { ThrottleUnavailableError, TooManyAttemptsError } from './throttling.errors.js';

/**
 * Reserves one attempt, atomically, unless the client must wait: its address is at its limit
 * (fixed window), or the (account, client) pair is still backing off. The attempt is counted as
 * a failure before the password is checked (and given back on success), so that concurrent
 * guesses cannot all slip in while the first ones are being hashed. The account's own counter
 * never refuses: past its budget the attempt is only slowed down.
 * KEYS: pair hash, client counter, account counter.
 * ARGV: window ms, client limit, account budget, then the backoff schedule (backoff.ts).
 * Returns {0, slow} when the attempt may go on (slow = 1 past the account's budget), else
 * {ms to wait, 0}. Time is Redis's own, so that replicas with skewed clocks agree.
 */
const RESERVE_ATTEMPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local wait = 0
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2]) then
  wait = redis.call('PTTL', KEYS[2])
  if wait < 0 then wait = window end
end
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
local notBefore = tonumber(redis.call('HGET', KEYS[1], 'notBefore') or '0')
if notBefore - now > wait then wait = notBefore - now end
if wait > 0 then return {wait, 0} end
failures = failures + 1
local backoff = tonumber(ARGV[3 + math.min(failures, #ARGV - 3)])
redis.call('HSET', KEYS[1], 'failures', failures, 'notBefore', string.format('%.0f', now + backoff))
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', window + backoff))
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], window) end
local accountFailures = redis.call('INCR', KEYS[3])
if accountFailures == 1 then redis.call('PEXPIRE', KEYS[3], window) end
if accountFailures > tonumber(ARGV[3]) then return {0, 1} end
return {0, 0}
`;

/**
 * A successful login was no failure: it ends the pair's backoff and gives back what it counted
 * against the client and the account. The account's other failures stay: the owner logging in
 * must not reset an attacker's count. KEYS: pair hash, client counter, account counter.
 */
const RELEASE_ATTEMPT = `
redis.call('DEL', KEYS[1])
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0
`;

/** A reserved login attempt: how long to hold it before the password is checked. */
export interface ReservedAttempt {
  /** Non-zero when the account is over its failure budget. */
  delayMs: number;
}

/**
 * Failed-login throttling in Redis (ADR 0017), shared by every replica:
 * - per (account, client address): exponential backoff after a few failures, answered 429;
 * - per client address: a fixed window of failures across all accounts, answered 429;
 * - per account, across all clients: a budget of failures past which attempts are slowed down,
 *   never refused, so that no one can lock the owner out by failing on purpose.
 * Accounts are counted by a hash of the email, whether or not the account exists (a limit only
 * real accounts hit would tell which exist).
 */
@Injectable()
export class LoginThrottle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly redis: Redis;
  /** Whether the last connection event was a failure, so that an outage is logged once. */
  private down = false;
  private readonly settings: AuthConfig['throttling'];
  private readonly schedule: number[];

  constructor(
    @Inject(AUTH_CONFIG) config: AuthConfig,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.settings = config.throttling;
    this.schedule = backoffSchedule({
      freeFailures: config.throttling.freeFailuresPerClient,
      baseMs: config.throttling.backoffBaseSeconds * 1000,
      maxMs: config.throttling.backoffMaxSeconds * 1000,
    });
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
   * @throws TooManyAttemptsError when the client is at its limit or backing off this account.
   * @throws ThrottleUnavailableError when Redis does not answer.
   */
  async reserve(email: string, ip: string): Promise<ReservedAttempt> {
    const { windowSeconds, maxFailuresPerIp, accountBudget, accountDelayMs } = this.settings;
    const answer = await this.run(() =>
      this.redis.eval(
        RESERVE_ATTEMPT,
        3,
        this.pairKey(email, ip),
        this.clientKey(ip),
        this.accountKey(email),
        windowSeconds * 1000,
        maxFailuresPerIp,
        accountBudget,
        ...this.schedule,
      ),
    );
    const [waitMs, slow] = (answer as [number, number]).map(Number) as [number, number];
    if (waitMs > 0) throw new TooManyAttemptsError(Math.max(1, Math.ceil(waitMs / 1000)));
    return { delayMs: slow === 1 ? accountDelayMs : 0 };
  }

  /** The attempt succeeded: it was not a failure after all. */
  async release(email: string, ip: string): Promise<void> {
    await this.run(() =>
      this.redis.eval(
        RELEASE_ATTEMPT,
        3,
        this.pairKey(email, ip),
        this.clientKey(ip),
        this.accountKey(email),
      ),
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
    return `login-failures:account:${emailHash(email)}`;
  }

  private pairKey(email: string, ip: string): string {
    return `login-failures:pair:${emailHash(email)}:${ipBucket(ip)}`;
  }

  private clientKey(ip: string): string {
    return `login-failures:ip:${ipBucket(ip)}`;
  }
}

function emailHash(email: string): string {
  return createHash('sha256').update(email).digest('base64url');
}
