import { describe, expect, it } from 'vitest';
import { backoffSchedule } from './backoff.js';

describe('backoffSchedule', () => {
  it('lets the free failures go, then doubles from the base up to the cap', () => {
    expect(backoffSchedule({ freeFailures: 5, baseMs: 1_000, maxMs: 10_000 })).toEqual([
      0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 10_000,
    ]);
  });

  it('has the production schedule end at 15 minutes after 15 failures', () => {
    const schedule = backoffSchedule({ freeFailures: 5, baseMs: 1_000, maxMs: 900_000 });
    expect(schedule).toHaveLength(15);
    expect(schedule.at(-2)).toBe(512_000);
    expect(schedule.at(-1)).toBe(900_000);
  });

  it('waits from the first failure when none is free, and never beyond the cap', () => {
    expect(backoffSchedule({ freeFailures: 1, baseMs: 5_000, maxMs: 3_000 })).toEqual([3_000]);
    expect(backoffSchedule({ freeFailures: 0, baseMs: 500, maxMs: 1_000 })).toEqual([500, 1_000]);
  });
});
