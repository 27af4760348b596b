/** `k6` for the test-only adapter: `check`, `sleep`, `fail`, `group`. */
import { record, recorded, sleepSync } from './runtime.ts';

export function check<T>(
  value: T,
  sets: Record<string, (value: T) => boolean>,
  tags: Record<string, string> = {},
): boolean {
  let all = true;
  for (const [name, predicate] of Object.entries(sets)) {
    let passed: boolean;
    try {
      passed = Boolean(predicate(value));
    } catch {
      passed = false;
    }
    recorded.checks.push({ name, passed });
    record('rate', 'checks', passed ? 1 : 0, { ...tags, check: name });
    all &&= passed;
  }
  return all;
}

export function sleep(seconds: number): void {
  sleepSync(seconds);
}

export function fail(message = ''): never {
  throw new Error(message);
}

export function group<T>(_name: string, body: () => T): T {
  return body();
}
