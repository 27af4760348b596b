import { describe, expect, it } from 'vitest';
import {
  customerRules,
  evaluate,
  ipRules,
  mostRestrictive,
  rateLimitHeaders,
  type LimitResult,
} from './rate-limit.js';

const limits = {
  RATE_LIMIT_PER_IP: 100,
  RATE_LIMIT_LOGIN_PER_IP: 5,
  RATE_LIMIT_PER_CUSTOMER: 50,
  RATE_LIMIT_CHECKOUT_PER_CUSTOMER: 3,
};

function result(overrides: Partial<LimitResult>): LimitResult {
  return { name: 'ip', limit: 10, remaining: 5, resetSeconds: 30, exceeded: false, ...overrides };
}

describe('rules', () => {
  it('counts every request per address, and logins once more', () => {
    expect(ipRules('gw:', '203.0.113.7', undefined, limits)).toEqual([
      { name: 'ip', key: 'gw:rl:{ip:203.0.113.7}:ip', limit: 100 },
    ]);
    expect(ipRules('gw:', '::1', 'login', limits).map((r) => [r.name, r.key, r.limit])).toEqual([
      ['ip', 'gw:rl:{ip:::1}:ip', 100],
      ['login', 'gw:rl:{ip:::1}:login', 5],
    ]);
  });

  it('counts every authenticated request per customer, and checkouts once more', () => {
    expect(customerRules('gw:', 'u-1', 'checkout', limits)).toEqual([
      { name: 'customer', key: 'gw:rl:{sub:u-1}:customer', limit: 50 },
      { name: 'checkout', key: 'gw:rl:{sub:u-1}:checkout', limit: 3 },
    ]);
    expect(customerRules('gw:', 'u-1', 'login', limits)).toHaveLength(1);
  });
});

describe('evaluate', () => {
  const rule = { name: 'login' as const, key: 'k', limit: 3 };

  it('allows up to the limit and counts down what is left', () => {
    expect(evaluate(rule, { count: 1, resetMs: 59_001 })).toEqual({
      name: 'login',
      limit: 3,
      remaining: 2,
      resetSeconds: 60,
      exceeded: false,
    });
    expect(evaluate(rule, { count: 3, resetMs: 10 })).toMatchObject({
      remaining: 0,
      resetSeconds: 1,
      exceeded: false,
    });
  });

  it('refuses past the limit, never reporting a negative remainder', () => {
    expect(evaluate(rule, { count: 9, resetMs: 4_000 })).toMatchObject({
      remaining: 0,
      resetSeconds: 4,
      exceeded: true,
    });
  });
});

describe('mostRestrictive', () => {
  it('reports the limit closest to refusing', () => {
    const ip = result({ name: 'ip', remaining: 90 });
    const customer = result({ name: 'customer', remaining: 2 });
    expect(mostRestrictive([ip, customer])).toBe(customer);
  });

  it('prefers a refusing limit, the longest-lasting of them', () => {
    const ip = result({ name: 'ip', remaining: 0, exceeded: true, resetSeconds: 5 });
    const login = result({ name: 'login', remaining: 0, exceeded: true, resetSeconds: 40 });
    const customer = result({ name: 'customer', remaining: 0, exceeded: false });
    expect(mostRestrictive([ip, customer, login])).toBe(login);
  });

  it('breaks a tie by the longer wait, and has nothing to say about no limits', () => {
    const a = result({ remaining: 1, resetSeconds: 10 });
    const b = result({ remaining: 1, resetSeconds: 20 });
    expect(mostRestrictive([a, b])).toBe(b);
    expect(mostRestrictive([])).toBeUndefined();
  });
});

describe('rateLimitHeaders', () => {
  it('writes the three fields as integers', () => {
    expect(rateLimitHeaders(result({ limit: 20, remaining: 0, resetSeconds: 7 }))).toEqual({
      'ratelimit-limit': '20',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '7',
    });
  });
});
