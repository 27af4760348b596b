import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { bucketOf, utcDay, uuidV7Time } from './time-buckets.js';

describe('time buckets', () => {
  it('floors an instant to the start of its bucket', () => {
    expect(bucketOf(new Date('2026-11-22T10:15:42.123Z'), 60_000).toISOString()).toBe(
      '2026-11-22T10:15:00.000Z',
    );
    expect(bucketOf(120_000, 60_000).getTime()).toBe(120_000);
  });

  it('reads the minting time of a UUID v7', () => {
    const before = Date.now();
    const time = uuidV7Time(uuidv7());
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
    expect(() => uuidV7Time('8a3a1f2e-4b1c-4d2e-9f00-000000000000')).toThrow(/UUID v7/);
  });

  it('names the UTC day', () => {
    expect(utcDay(new Date('2026-11-22T23:59:59.999-01:00'))).toBe('2026-11-23');
  });
});
