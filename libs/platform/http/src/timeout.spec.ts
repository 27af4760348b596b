import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { withTimeout } from './timeout.js';

const options = () => ({ error: () => new Error('too slow'), onLateRejection: vi.fn() });

describe('withTimeout', () => {
  it('resolves with the work when it is quick enough', async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000, options())).resolves.toBe(42);
  });

  it('rejects with the work when it fails in time', async () => {
    const failure = Promise.reject(new Error('broken'));
    await expect(withTimeout(failure, 1_000, options())).rejects.toThrow('broken');
  });

  it('rejects with the timeout error when the work is too slow', async () => {
    await expect(withTimeout(sleep(1_000), 10, options())).rejects.toThrow('too slow');
  });

  it('hands a rejection that comes after the timeout over, instead of leaving it unhandled', async () => {
    const opts = options();
    const late = sleep(30).then(() => {
      throw new Error('late');
    });
    await expect(withTimeout(late, 10, opts)).rejects.toThrow('too slow');
    await sleep(50);
    expect(opts.onLateRejection).toHaveBeenCalledWith(new Error('late'));
  });
});
