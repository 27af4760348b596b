import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { metrics } from '@shop/platform-telemetry';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { GatewayRedis } from '../redis/redis.module.js';
import { LogThrottle } from '../support/log-throttle.js';
import { RateLimitedError } from './rate-limit.errors.js';
import {
  evaluate,
  mostRestrictive,
  rateLimitHeaders,
  type Count,
  type LimitResult,
  type LimitRule,
} from './rate-limit.js';

/**
 * Fixed windows, one per counter, starting at the counter's first request: `INCR`, and on the
 * first one `PEXPIRE`, all counters of the call in one script, so that concurrent gateways never
 * lose an increment or leave a counter without expiry. Returns count and time left per key.
 */
const HIT_SCRIPT = `
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  result[2 * i - 1] = count
  result[2 * i] = ttl
end
return result
`;

/**
 * Counts requests in Redis and refuses those over a limit (429 `GATEWAY.RATE_LIMITED`). Every
 * counted answer carries the `RateLimit-*` headers of the limit closest to refusing, across all
 * the counters the request went through (per address first, per customer once authenticated).
 *
 * Redis unreachable or slow: the request goes through uncounted and without the headers; the
 * shop stays up, `gateway_rate_limit_store_errors_total` counts it and the log says so (at most
 * once per 10 s).
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly errorLog = new LogThrottle(10_000);
  private readonly counted = new WeakMap<object, LimitResult[]>();
  private readonly storeErrors = metrics.counter(
    'gateway_rate_limit_store_errors_total',
    'Requests let through uncounted because Redis failed (the limiter fails open).',
  );
  private readonly refused = metrics.counter(
    'gateway_rate_limited_requests_total',
    'Requests refused with 429, by the limit that refused them.',
    ['limit'],
  );

  constructor(
    private readonly redis: GatewayRedis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Counts the request against `rules` and sets its `RateLimit-*` headers.
   * @throws RateLimitedError when a limit is exceeded.
   */
  async enforce(request: FastifyRequest, reply: FastifyReply, rules: LimitRule[]): Promise<void> {
    const counts = await this.count(rules);
    if (!counts) return;
    const results = [
      ...(this.counted.get(request) ?? []),
      ...rules.map((rule, index) => evaluate(rule, counts[index] ?? { count: 0, resetMs: 0 })),
    ];
    this.counted.set(request, results);
    const reported = mostRestrictive(results);
    if (!reported) return;
    void reply.headers(rateLimitHeaders(reported));
    if (reported.exceeded) {
      this.refused.inc({ limit: reported.name });
      throw new RateLimitedError(reported.name, reported.resetSeconds);
    }
  }

  private async count(rules: LimitRule[]): Promise<Count[] | undefined> {
    try {
      const windowMs = this.config.RATE_LIMIT_WINDOW_SECONDS * 1_000;
      const keys = rules.map((rule) => rule.key);
      const answer = await this.redis.client.eval(HIT_SCRIPT, keys.length, ...keys, windowMs);
      return countsOf(answer, rules.length);
    } catch (err) {
      this.storeErrors.inc();
      if (this.errorLog.shouldLog()) {
        this.logger.warn({
          message: 'rate limits not enforced: Redis failed, requests go through uncounted',
          error: err instanceof Error ? err.message : String(err),
        });
      }
      return undefined;
    }
  }
}

function countsOf(answer: unknown, expected: number): Count[] {
  if (!Array.isArray(answer) || answer.length !== expected * 2) {
    throw new Error('unexpected answer from the rate-limit script');
  }
  const numbers = answer.map(Number);
  return Array.from({ length: expected }, (_, i) => ({
    count: numbers[2 * i] ?? 0,
    resetMs: numbers[2 * i + 1] ?? 0,
  }));
}
