import type { GatewayConfig } from '../config/gateway.config.js';
import type { RouteLimit } from '../routes/gateway-route.js';

/** The limits the gateway counts; each its own counter per subject and window. */
export type LimitName = 'ip' | 'login' | 'customer' | 'checkout';

/** One counter to count a request against. */
export interface LimitRule {
  name: LimitName;
  /** The Redis key of the counter. */
  key: string;
  /** Requests allowed per window. */
  limit: number;
}

/** A counter after this request: how many it has seen in its window, and when the window ends. */
export interface Count {
  count: number;
  resetMs: number;
}

/** One limit's verdict on a request, as the `RateLimit-*` headers report it. */
export interface LimitResult {
  name: LimitName;
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets, at least 1. */
  resetSeconds: number;
  exceeded: boolean;
}

type RuleLimits = Pick<
  GatewayConfig,
  | 'RATE_LIMIT_PER_IP'
  | 'RATE_LIMIT_LOGIN_PER_IP'
  | 'RATE_LIMIT_PER_CUSTOMER'
  | 'RATE_LIMIT_CHECKOUT_PER_CUSTOMER'
>;

/**
 * The Redis key of a counter. The subject sits in a hash tag (`{…}`) so that the counters of one
 * request share a Redis Cluster slot and one script can count them together.
 */
function keyOf(prefix: string, subject: string, name: LimitName): string {
  return `${prefix}rl:{${subject}}:${name}`;
}

/** The per-address counters of a request: every request's, and login's on top. */
export function ipRules(
  prefix: string,
  ip: string,
  routeLimit: RouteLimit | undefined,
  limits: RuleLimits,
): LimitRule[] {
  const rules: LimitRule[] = [
    { name: 'ip', key: keyOf(prefix, `ip:${ip}`, 'ip'), limit: limits.RATE_LIMIT_PER_IP },
  ];
  if (routeLimit === 'login') {
    rules.push({
      name: 'login',
      key: keyOf(prefix, `ip:${ip}`, 'login'),
      limit: limits.RATE_LIMIT_LOGIN_PER_IP,
    });
  }
  return rules;
}

/** The per-customer counters of an authenticated request: every request's, and checkout's. */
export function customerRules(
  prefix: string,
  customerId: string,
  routeLimit: RouteLimit | undefined,
  limits: RuleLimits,
): LimitRule[] {
  const subject = `sub:${customerId}`;
  const rules: LimitRule[] = [
    {
      name: 'customer',
      key: keyOf(prefix, subject, 'customer'),
      limit: limits.RATE_LIMIT_PER_CUSTOMER,
    },
  ];
  if (routeLimit === 'checkout') {
    rules.push({
      name: 'checkout',
      key: keyOf(prefix, subject, 'checkout'),
      limit: limits.RATE_LIMIT_CHECKOUT_PER_CUSTOMER,
    });
  }
  return rules;
}

/** A rule's verdict from its counter. The request that makes the count `limit` is still allowed. */
export function evaluate(rule: LimitRule, count: Count): LimitResult {
  return {
    name: rule.name,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count.count),
    resetSeconds: Math.max(1, Math.ceil(count.resetMs / 1_000)),
    exceeded: count.count > rule.limit,
  };
}

/**
 * The limit to report when several apply: one that refused the request (the one that lasts
 * longest, since the client must wait for all), else the one closest to refusing.
 */
export function mostRestrictive(results: readonly LimitResult[]): LimitResult | undefined {
  const exceeded = results.filter((result) => result.exceeded);
  if (exceeded.length > 0) {
    return exceeded.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a));
  }
  return results.reduce<LimitResult | undefined>((a, b) => {
    if (!a) return b;
    if (b.remaining !== a.remaining) return b.remaining < a.remaining ? b : a;
    return b.resetSeconds > a.resetSeconds ? b : a;
  }, undefined);
}

/** `RateLimit-Limit`, `-Remaining` and `-Reset` (seconds), as in the IETF httpapi draft. */
export function rateLimitHeaders(result: LimitResult): Record<string, string> {
  return {
    'ratelimit-limit': String(result.limit),
    'ratelimit-remaining': String(result.remaining),
    'ratelimit-reset': String(result.resetSeconds),
  };
}
