import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

describe('KeyedMutex', () => {
  it('runs the work of one key one at a time, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) =>
      mutex.run('p1', async () => {
        running += 1;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await sleep(ms);
        log.push(`end ${name}`);
        running -= 1;
        return name;
      });
    expect(await Promise.all([task('a', 20), task('b', 1), task('c', 5)])).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(mutex.size).toBe(0);
  });

  it('lets different keys run side by side', async () => {
    const mutex = new KeyedMutex();
    let concurrent = 0;
    let most = 0;
    const task = (key: string) =>
      mutex.run(key, async () => {
        most = Math.max(most, ++concurrent);
        await sleep(10);
        concurrent -= 1;
      });
    await Promise.all([task('a'), task('b'), task('c')]);
    expect(most).toBe(3);
  });

  it('releases the key when the work fails', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('k', async () => 'next')).resolves.toBe('next');
    expect(mutex.size).toBe(0);
  });

  it('holds several keys at once, waiting for each', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const single = mutex.run('b', async () => {
      await sleep(10);
      log.push('b alone');
    });
    const both = mutex.runAll(['c', 'b', 'a'], async () => {
      log.push('a, b and c');
    });
    await Promise.all([single, both]);
    expect(log).toEqual(['b alone', 'a, b and c']);
    expect(mutex.size).toBe(0);
  });
});
