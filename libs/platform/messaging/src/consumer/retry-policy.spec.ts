import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-policy.js';

describe('retryDelayMs', () => {
  const policy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 1_000, outageBudgetMs: 60_000 };

  it('doubles from the initial delay and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(policy, attempt, () => 0));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('subtracts at most 20% jitter', () => {
    expect(retryDelayMs(policy, 3, () => 1)).toBe(320);
    expect(retryDelayMs(policy, 3, () => 0.5)).toBe(360);
  });
});
