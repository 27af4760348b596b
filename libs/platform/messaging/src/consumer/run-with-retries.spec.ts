import { describe, expect, it } from 'vitest';
import { NonRetryableError, type RetryPolicy } from './retry-policy.js';
import { ConsumerStoppingError, runWithRetries, type RetryOptions } from './run-with-retries.js';

const policy: RetryPolicy = {
  attempts: 3,
  initialDelayMs: 1,
  maxDelayMs: 4,
  outageBudgetMs: 60_000,
};

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

/** Options that record what the loop logged and how often it kept the group membership alive. */
function recorded(overrides: Partial<RetryOptions> = {}) {
  const warnings: string[] = [];
  const heartbeats = { count: 0 };
  const options: RetryOptions = {
    policy,
    label: 'order.placed 42',
    signal: new AbortController().signal,
    heartbeat: async () => {
      heartbeats.count += 1;
    },
    warn: (line) => warnings.push(line),
    ...overrides,
  };
  return { options, warnings, heartbeats };
}

/** A handler that fails with `errors` in turn, then succeeds; it records the attempt it was told. */
function failingWith(errors: Error[]) {
  const attempts: number[] = [];
  const tryOnce = async (attempt: number) => {
    attempts.push(attempt);
    const error = errors[attempts.length - 1];
    if (error) throw error;
  };
  return { tryOnce, attempts };
}

describe('runWithRetries', () => {
  it('waits an outage out without spending attempts, and warns once for it', async () => {
    const { tryOnce, attempts } = failingWith(Array.from({ length: 20 }, refused));
    const { options, warnings, heartbeats } = recorded();

    await expect(runWithRetries(tryOnce, options)).resolves.toEqual({ ok: true });

    expect(attempts).toEqual(Array(21).fill(1));
    expect(heartbeats.count).toBe(20);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/order.placed 42 waits for a dependency .*ECONNREFUSED/);
  });

  it('gives up after policy.attempts ordinary failures', async () => {
    const failure = new Error('payment provider exploded');
    const { tryOnce, attempts } = failingWith(Array.from({ length: 10 }, () => failure));
    const { options, warnings } = recorded();

    await expect(runWithRetries(tryOnce, options)).resolves.toEqual({
      ok: false,
      error: failure,
      attempts: 3,
    });
    expect(attempts).toEqual([1, 2, 3]);
    expect(warnings).toEqual([
      'order.placed 42 failed (attempt 1/3): payment provider exploded',
      'order.placed 42 failed (attempt 2/3): payment provider exploded',
    ]);
  });

  it('counts only the ordinary failures when they mix with an outage', async () => {
    const failure = new Error('deadlock detected');
    const { tryOnce, attempts } = failingWith([refused(), failure, refused(), refused(), failure]);
    const { options } = recorded();

    await expect(runWithRetries(tryOnce, options)).resolves.toEqual({ ok: true });
    expect(attempts).toEqual([1, 1, 2, 2, 2, 3]);
  });

  it('gives up at once on a NonRetryableError', async () => {
    const failure = new NonRetryableError('order is already cancelled');
    const { tryOnce, attempts } = failingWith([failure]);

    const result = await runWithRetries(tryOnce, recorded().options);

    expect(result).toEqual({ ok: false, error: failure, attempts: 1 });
    expect(attempts).toEqual([1]);
  });

  it('gives up once the outage budget is spent', async () => {
    const { tryOnce, attempts } = failingWith(Array.from({ length: 10_000 }, refused));
    const { options, warnings } = recorded({ policy: { ...policy, outageBudgetMs: 30 } });

    const result = await runWithRetries(tryOnce, options);

    expect(result).toMatchObject({ ok: false, attempts: 1, error: { code: 'ECONNREFUSED' } });
    expect(attempts.length).toBeGreaterThan(2);
    expect(attempts.length).toBeLessThan(100);
    expect(warnings.at(-1)).toMatch(/still unavailable after .* s, giving up/);
  });

  it('throws instead of waiting or giving up once the consumer stops', async () => {
    const stopping = new AbortController();
    const tryOnce = async () => {
      stopping.abort();
      throw new Error('payment provider exploded');
    };
    const { options } = recorded({ signal: stopping.signal });

    await expect(runWithRetries(tryOnce, options)).rejects.toBeInstanceOf(ConsumerStoppingError);
  });

  it('wakes from a long wait when the consumer stops', async () => {
    const stopping = new AbortController();
    const { tryOnce } = failingWith(Array.from({ length: 100 }, refused));
    const { options } = recorded({
      signal: stopping.signal,
      policy: { ...policy, initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });

    const run = runWithRetries(tryOnce, options);
    setTimeout(() => stopping.abort(), 20);

    await expect(run).rejects.toThrow('consumer stopping: order.placed 42 left for redelivery');
  });
});
