/**
 * load/scenarios.json is the one source of the scenarios' shapes and thresholds: the Locust files
 * read it through load/shop/scenarios.py, the k6 scripts through load/k6/options.ts. This proves
 * the two readings agree, with the defaults and with every setting overridden, by asking the
 * Python what it resolves (`python3 -m shop.scenarios`, no Locust needed) and building the k6
 * options from the same file and environment.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { k6Options, type ScenariosFile } from '@shop/load-k6/options';
import { textSummary } from '@shop/load-k6/summary';
import { ROOT } from './paths.ts';

const LOAD = join(ROOT, 'load');
const FILE = JSON.parse(readFileSync(join(LOAD, 'scenarios.json'), 'utf8')) as ScenariosFile;
const NAMES = Object.keys(FILE.scenarios);

interface PythonThreshold {
  kind: string;
  limit?: number;
  route?: string;
  percentile?: number;
  limitMs?: number;
  count?: number;
}

interface Resolved {
  model: 'closed' | 'open';
  thresholds: PythonThreshold[];
  break_when: { error_ratio: number; p95_ms: number; window_s: number } | null;
  shape: { users: number; duration_s: number } & {
    start: number;
    stages: [number, number][];
    users_at_peak: number;
  };
}

function python(env: Record<string, string>): Record<string, Resolved> {
  const out = execFileSync('python3', ['-m', 'shop.scenarios'], {
    cwd: LOAD,
    env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as Record<string, Resolved>;
}

/** What Locust's threshold is called in k6: [metric, condition]; null when Locust only. */
function expectedK6(threshold: PythonThreshold): [string, string] | null {
  const routes = FILE.common.k6.routes;
  switch (threshold.kind) {
    case 'no_failed_requests':
      return ['http_req_failed', 'rate==0'];
    case 'error_ratio_below':
      return ['http_req_failed', `rate<${threshold.limit}`];
    case 'percentile_below': {
      const metric =
        threshold.route === 'HTTP'
          ? 'http_req_duration'
          : `http_req_duration{name:${routes[threshold.route!]}}`;
      return [metric, `p(${threshold.percentile})<${threshold.limitMs}`];
    }
    case 'checkout_success_at_least':
      return ['checkout_success', `rate>=${threshold.limit}`];
    case 'to_confirmed_below':
      return ['checkout_to_confirmed', `p(${threshold.percentile})<${threshold.limitMs}`];
    case 'confirmed_at_least':
      return ['checkouts_confirmed', `count>=${threshold.count}`];
    default:
      return null;
  }
}

const seconds = (text: unknown) => Number(String(text).replace(/s$/, ''));

function conditions(entries: unknown[]): string[] {
  return entries.map((entry) =>
    typeof entry === 'string' ? entry : (entry as { threshold: string }).threshold,
  );
}

const OVERRIDES = {
  VUS: '7',
  DURATION: '45s',
  RATE: '12',
  STEP: '40s',
  MIN_ARRIVALS: '0.8',
  BASE: '3',
  PEAK: '21',
  HOLD: '1m30s',
  MAX: '50',
  STOP_TIMEOUT: '5s',
};

describe('load/scenarios.json: Locust and k6 read the same scenarios', () => {
  it('names the scenarios that exist as Locust files and as k6 scripts, each reading its own', () => {
    const locust = readdirSync(LOAD).filter((file) => file.endsWith('.py'));
    expect(locust.map((file) => file.slice(0, -3)).sort()).toEqual([...NAMES].sort());
    const k6 = readdirSync(join(LOAD, 'k6'));
    for (const name of NAMES) {
      const source = readFileSync(join(LOAD, `${name}.py`), 'utf8');
      expect(source).toContain(`run.scenario("${name}")`);
      expect(source).toContain(`shape_of("${name}")`);
      expect(k6).toContain(`${name}.ts`);
      expect(readFileSync(join(LOAD, 'k6', `${name}.ts`), 'utf8')).toContain(
        `const SCENARIO = '${name}'`,
      );
    }
  });

  for (const [label, env] of [
    ['defaults', {}],
    ['every setting overridden', OVERRIDES],
  ] as const) {
    it(`gives the same shapes and thresholds (${label})`, () => {
      const resolved = python(env);
      for (const name of NAMES) {
        const py = resolved[name];
        const options = k6Options(FILE, name, env);
        const scenario = options.scenarios![name] as unknown as Record<string, unknown>;
        expect(seconds(scenario.gracefulStop), name).toBe(seconds(env.STOP_TIMEOUT ?? '30'));
        if (py.model === 'closed') {
          expect(scenario.executor).toBe('constant-vus');
          expect(scenario.vus, name).toBe(py.shape.users);
          expect(seconds(scenario.duration), name).toBe(py.shape.duration_s);
        } else if (scenario.executor === 'constant-arrival-rate') {
          expect(py.shape.stages).toHaveLength(1);
          expect(scenario.rate, name).toBe(Math.round(py.shape.start * 60));
          expect(seconds(scenario.duration), name).toBe(py.shape.stages[0][0]);
          expect(scenario.timeUnit).toBe('1m');
        } else {
          expect(scenario.executor).toBe('ramping-arrival-rate');
          expect(scenario.timeUnit).toBe('1m');
          expect(scenario.startRate, name).toBe(Math.round(py.shape.start * 60));
          const stages = scenario.stages as { duration: string; target: number }[];
          expect(
            stages.map((stage) => [seconds(stage.duration), stage.target]),
            name,
          ).toEqual(
            py.shape.stages.map(([duration, target]) => [duration, Math.round(target * 60)]),
          );
        }
        if (py.model === 'open') {
          // The concurrency Locust starts at the peak is what k6 pre-allocates.
          expect(scenario.preAllocatedVUs, name).toBe(py.shape.users_at_peak);
          expect(scenario.maxVUs as number).toBeGreaterThan(scenario.preAllocatedVUs as number);
        }
        const thresholds = options.thresholds as Record<string, unknown[]>;
        const expected = py.thresholds.map(expectedK6).filter((pair) => pair !== null);
        const actual = Object.entries(thresholds)
          .filter(([metric]) => metric !== 'checks')
          .flatMap(([metric, entries]) => conditions(entries).map((c) => [metric, c]));
        expect(actual.sort(), name).toEqual(expected.sort());
        expect(thresholds.checks).toEqual(['rate>0.99']);
        if (py.break_when) {
          const failed = thresholds.http_req_failed as { abortOnFail: boolean }[];
          expect(failed.every((entry) => entry.abortOnFail)).toBe(true);
          expect(conditions(failed)).toContain(`rate<${py.break_when.error_ratio}`);
          expect(conditions(thresholds.http_req_duration)).toContain(
            `p(95)<${py.break_when.p95_ms}`,
          );
        }
      }
    });
  }

  it('refuses a setting that is not a number or a duration, as the Python does', () => {
    expect(() => k6Options(FILE, 'stress', { STEP: 'soon' })).toThrow(/not a duration/);
    expect(() => python({ STEP: 'soon' })).toThrow(/not a duration/);
  });
});

describe('the k6 text summary', () => {
  it('says FAILED and names the threshold that did not hold', () => {
    const text = textSummary('smoke', {
      metrics: {
        http_req_failed: {
          type: 'rate',
          values: { rate: 0.5 },
          thresholds: { 'rate==0': { ok: false } },
        },
        checks: { type: 'rate', values: { rate: 1 }, thresholds: { 'rate>0.99': { ok: true } } },
      },
    });
    expect(text).toMatch(/^smoke: FAILED/);
    expect(text).toContain('FAIL http_req_failed rate==0');
    expect(text).toContain('ok   checks rate>0.99');
  });
});
