import { describe, expect, it } from 'vitest';
import { jitteredTtl } from './ttl-jitter.js';

describe('jitteredTtl', () => {
  it('stays within ±10 % of the base', () => {
    expect(jitteredTtl(300, () => 0)).toBe(270);
    expect(jitteredTtl(300, () => 0.5)).toBe(300);
    expect(jitteredTtl(300, () => 0.999_999)).toBe(330);
  });

  it('spreads real random values over the whole band', () => {
    const values = Array.from({ length: 2000 }, () => jitteredTtl(1000));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(900);
    expect(Math.max(...values)).toBeLessThanOrEqual(1100);
    // Not all in one place: both halves of the band are used.
    expect(values.some((v) => v < 950)).toBe(true);
    expect(values.some((v) => v > 1050)).toBe(true);
  });

  it('never goes below one second', () => {
    expect(jitteredTtl(1, () => 0)).toBe(1);
  });
});
