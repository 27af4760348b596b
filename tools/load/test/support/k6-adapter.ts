/**
 * Runs the k6 scripts of load/k6 under Node for the end-to-end suite, through the test-only
 * adapter in ./k6 (vitest resolves `k6`, `k6/http`, `k6/metrics` there: vitest.config.mts).
 * Not a k6: a script's `setup()` and a few iterations of its default function, one VU, with
 * what its checks and metrics recorded, so a broken path or a renamed field fails a test.
 */
import { join } from 'node:path';
import { ROOT } from '../../src/paths.ts';
import { installGlobals, nextIteration, recorded, type Sample } from './k6/runtime.ts';

export { recorded, stopNetwork } from './k6/runtime.ts';

export const K6_DIR = join(ROOT, 'load', 'k6');

/** What a scenario's script exports, as the adapter calls it. */
export interface K6Script<Data = unknown> {
  options: {
    scenarios: Record<string, Record<string, unknown>>;
    thresholds: Record<string, unknown[]>;
  };
  setup(): Data;
  default(data: Data): void;
  handleSummary(data: unknown): Record<string, string>;
}

/** Imports `load/k6/<name>.ts` with `env` as its `__ENV` (read again by each call). */
export async function loadScript<Data = unknown>(
  name: string,
  env: Record<string, string>,
): Promise<K6Script<Data>> {
  installGlobals(env, K6_DIR);
  return (await import(join(K6_DIR, `${name}.ts`))) as K6Script<Data>;
}

/** Sets the script's `__ENV` again (one module instance is shared by the tests). */
export function setEnv(env: Record<string, string>): void {
  installGlobals(env, K6_DIR);
}

/** `count` iterations of the default function, one VU, one after the other. */
export function iterate<Data>(script: K6Script<Data>, data: Data, count: number): void {
  for (let i = 0; i < count; i++) {
    script.default(data);
    nextIteration();
  }
}

export function samples(metric: string): Sample[] {
  return recorded.metrics.get(metric)?.samples ?? [];
}

/** The names of the checks that failed, with how often. */
export function failedChecks(): string[] {
  const counts = new Map<string, number>();
  for (const check of recorded.checks.filter((entry) => !entry.passed)) {
    counts.set(check.name, (counts.get(check.name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => `${name} ×${count}`);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** k6's summary data shape, from what was recorded (values only: thresholds are k6's job). */
export function summaryData(): { metrics: Record<string, unknown>; state: object } {
  const metrics: Record<string, unknown> = {};
  for (const [name, { type, samples: all }] of recorded.metrics) {
    const values = all.map((sample) => sample.value);
    const sum = values.reduce((total, value) => total + value, 0);
    metrics[name] = {
      type,
      values:
        type === 'trend'
          ? {
              avg: sum / values.length,
              'p(95)': percentile(values, 95),
              'p(99)': percentile(values, 99),
            }
          : type === 'rate'
            ? { rate: sum / values.length }
            : { count: sum },
    };
  }
  return { metrics, state: { testRunDurationMs: 0 } };
}
