/**
 * k6 `options` built from load/scenarios.json, the file the Locust scenarios read too: shapes,
 * settings and thresholds have one source, so the two load generators cannot drift
 * (tools/load/src/scenarios.spec.ts compares them). Pure: no k6 module is imported at run time,
 * so the unit test builds the same options under Node.
 */
import type { Options, Scenario, Threshold } from 'k6/options';

export type Value = number | string;

export interface ThresholdSpec {
  kind:
    | 'no_failed_requests'
    | 'error_ratio_below'
    | 'percentile_below'
    | 'checkout_success_at_least'
    | 'to_confirmed_below'
    | 'confirmed_at_least'
    | 'arrivals_at_least';
  limit?: Value;
  route?: string;
  percentile?: number;
  limitMs?: number;
  count?: number;
}

export interface ClosedShape {
  kind: 'constant-users';
  users: Value;
  duration: Value;
}

export interface ArrivalShape {
  kind: 'arrival-rate';
  start: Value;
  stages: [Value, Value][];
}

export interface StepsShape {
  kind: 'steps';
  rate: Value;
  step: Value;
  shares: number[];
  startShare: number;
  minStart: number;
  rampShareOfStep: number;
  maxRamp: Value;
  down: Value;
}

export interface ScenarioSpec {
  model: 'closed' | 'open';
  data: { pages: number; inStockOnly: boolean };
  settings: Record<string, Value>;
  shape: ClosedShape | ArrivalShape | StepsShape;
  breakWhen?: { errorRatio: number; p95Ms: number; window: Value };
  thresholds: ThresholdSpec[];
}

export interface ScenariosFile {
  common: {
    settings: Record<string, Value>;
    mix: { list: number; search: number };
    k6: {
      checks: string;
      preAllocatedVUsPerRate: number;
      maxVUsPerRate: number;
      routes: Record<string, string>;
    };
  };
  scenarios: Record<string, ScenarioSpec>;
}

/** The custom metrics the scripts record (shop.ts) and the thresholds name. */
export const METRICS = {
  checkoutSuccess: 'checkout_success',
  toConfirmed: 'checkout_to_confirmed',
  confirmed: 'checkouts_confirmed',
} as const;

type Env = Record<string, string | undefined>;

const SETTING = /^[A-Z][A-Z0-9_]*$/;
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** A duration such as 90, 30s, 2m, 1h or 1m30s, in seconds (as shop/scenarios.py reads it). */
export function toSeconds(text: Value, setting = 'duration'): number {
  if (typeof text === 'number') return text;
  const value = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)([hms])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value) {
    throw new Error(`${setting}=${value} is not a duration (90, 30s, 2m, 1h, 1m30s)`);
  }
  return parts.reduce((sum, part) => sum + Number(part[1]) * UNITS[part[2]], 0);
}

/** Reads a scenario's values: a setting named in the JSON comes from `env`, else its default. */
export class Settings {
  constructor(
    private readonly file: ScenariosFile,
    private readonly spec: ScenarioSpec,
    private readonly env: Env,
  ) {}

  raw(name: string): Value {
    const given = this.env[name];
    if (given !== undefined && given.trim() !== '') return given;
    const fallback = this.spec.settings[name] ?? this.file.common.settings[name];
    if (fallback === undefined) throw new Error(`no setting ${name} in load/scenarios.json`);
    return fallback;
  }

  number(value: Value): number {
    const resolved = typeof value === 'string' && SETTING.test(value) ? this.raw(value) : value;
    const parsed = Number(resolved);
    if (!Number.isFinite(parsed)) throw new Error(`${String(value)}=${resolved} is not a number`);
    return parsed;
  }

  seconds(value: Value): number {
    if (typeof value === 'string' && SETTING.test(value)) return toSeconds(this.raw(value), value);
    return toSeconds(value);
  }
}

/** An open scenario's start rate and stages (duration s, target visits/s). */
export function arrivalStages(
  shape: ArrivalShape | StepsShape,
  settings: Settings,
): { start: number; stages: [number, number][] } {
  if (shape.kind === 'arrival-rate') {
    return {
      start: settings.number(shape.start),
      stages: shape.stages.map(([duration, target]) => [
        settings.seconds(duration),
        settings.number(target),
      ]),
    };
  }
  const rate = settings.number(shape.rate);
  const step = settings.seconds(shape.step);
  const ramp = Math.min(settings.seconds(shape.maxRamp), step * shape.rampShareOfStep);
  const stages = shape.shares.flatMap((share): [number, number][] => [
    [ramp, rate * share],
    [step - ramp, rate * share],
  ]);
  stages.push([settings.seconds(shape.down), 0]);
  return { start: Math.max(shape.minStart, rate * shape.startShare), stages };
}

const duration = (seconds: number) => `${Math.round(seconds * 1000) / 1000}s`;
/** k6 wants whole iterations per time unit: visits per minute keep fractional rates (7.5/s). */
const perMinute = (rate: number) => Math.round(rate * 60);

function scenarioOf(spec: ScenarioSpec, settings: Settings, file: ScenariosFile): Scenario {
  const gracefulStop = duration(settings.seconds('STOP_TIMEOUT'));
  const { shape } = spec;
  if (shape.kind === 'constant-users') {
    return {
      executor: 'constant-vus',
      vus: Math.round(settings.number(shape.users)),
      duration: duration(settings.seconds(shape.duration)),
      gracefulStop,
    };
  }
  const { start, stages } = arrivalStages(shape, settings);
  const peak = Math.max(start, ...stages.map(([, target]) => target));
  const vus = {
    preAllocatedVUs: Math.ceil(peak * file.common.k6.preAllocatedVUsPerRate),
    maxVUs: Math.ceil(peak * file.common.k6.maxVUsPerRate),
  };
  if (stages.length === 1 && stages[0][1] === start) {
    return {
      executor: 'constant-arrival-rate',
      rate: perMinute(start),
      timeUnit: '1m',
      duration: duration(stages[0][0]),
      ...vus,
      gracefulStop,
    };
  }
  return {
    executor: 'ramping-arrival-rate',
    startRate: perMinute(start),
    timeUnit: '1m',
    stages: stages.map(([seconds, target]) => ({
      duration: duration(seconds),
      target: perMinute(target),
    })),
    ...vus,
    gracefulStop,
  };
}

/** The k6 metric (with its tag selector) and condition of one threshold; null: Locust only. */
export function k6Threshold(
  threshold: ThresholdSpec,
  settings: Settings,
  routes: Record<string, string>,
): [string, string] | null {
  switch (threshold.kind) {
    case 'no_failed_requests':
      return ['http_req_failed', 'rate==0'];
    case 'error_ratio_below':
      return ['http_req_failed', `rate<${settings.number(threshold.limit!)}`];
    case 'percentile_below': {
      const route = threshold.route!;
      const metric =
        route === 'HTTP' ? 'http_req_duration' : `http_req_duration{name:${tag(route, routes)}}`;
      return [metric, `p(${threshold.percentile})<${threshold.limitMs}`];
    }
    case 'checkout_success_at_least':
      return [METRICS.checkoutSuccess, `rate>=${settings.number(threshold.limit!)}`];
    case 'to_confirmed_below':
      return [METRICS.toConfirmed, `p(${threshold.percentile})<${threshold.limitMs}`];
    case 'confirmed_at_least':
      return [METRICS.confirmed, `count>=${threshold.count}`];
    case 'arrivals_at_least':
      // Locust's shortfall of visits; k6 counts the same as dropped_iterations (in the summary).
      return null;
  }
}

function tag(route: string, routes: Record<string, string>): string {
  const name = routes[route];
  if (!name) throw new Error(`route ${route} has no k6 name in load/scenarios.json`);
  return name;
}

/** The `options` of one scenario's k6 script, settings overridden by `env` (k6's `__ENV`). */
export function k6Options(file: ScenariosFile, name: string, env: Env): Options {
  const spec = file.scenarios[name];
  if (!spec) throw new Error(`no scenario ${name} in load/scenarios.json`);
  const settings = new Settings(file, spec, env);
  const thresholds: Record<string, Threshold[]> = { checks: [file.common.k6.checks] };
  for (const threshold of spec.thresholds) {
    const pair = k6Threshold(threshold, settings, file.common.k6.routes);
    if (!pair) continue;
    const [metric, condition] = pair;
    // breakpoint: crossing a limit is the finding, so the run stops there, as Locust's does.
    const entry: Threshold = spec.breakWhen
      ? {
          threshold: condition,
          abortOnFail: true,
          delayAbortEval: duration(settings.seconds(spec.breakWhen.window)),
        }
      : condition;
    (thresholds[metric] ??= []).push(entry);
  }
  return {
    scenarios: { [name]: scenarioOf(spec, settings, file) },
    thresholds,
    // The summary's trends: the percentiles the thresholds name.
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  };
}
