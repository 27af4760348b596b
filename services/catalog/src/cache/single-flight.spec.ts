import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs the work once for concurrent callers of one key and gives each the result', async () => {
    const flights = new SingleFlight();
    const gate = deferred<string>();
    let runs = 0;
    const work = () => {
      runs += 1;
      return gate.promise;
    };
    const callers = Array.from({ length: 50 }, () => flights.run('product:1', work));
    expect(flights.size).toBe(1);
    gate.resolve('mug');
    expect(await Promise.all(callers)).toEqual(Array(50).fill('mug'));
    expect(runs).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('keeps keys apart', async () => {
    const flights = new SingleFlight();
    const results = await Promise.all([
      flights.run('a', async () => 'A'),
      flights.run('b', async () => 'B'),
    ]);
    expect(results).toEqual(['A', 'B']);
  });

  it('shares a failure with every waiter, then lets the next call try again', async () => {
    const flights = new SingleFlight();
    const gate = deferred<string>();
    const first = flights.run('k', () => gate.promise);
    const second = flights.run('k', () => Promise.resolve('never'));
    gate.reject(new Error('mongo down'));
    await expect(first).rejects.toThrow('mongo down');
    await expect(second).rejects.toThrow('mongo down');
    await expect(flights.run('k', async () => 'ok')).resolves.toBe('ok');
  });

  it('turns a synchronous throw into a rejection and forgets the key', async () => {
    const flights = new SingleFlight();
    await expect(
      flights.run('k', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(flights.size).toBe(0);
  });
});
