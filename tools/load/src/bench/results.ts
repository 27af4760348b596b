/** What one bench run measured, its settings, and the small helpers every step shares. */
import type { ClosedLoopResult } from './closed-loop.ts';
import type { FloorResult } from './floor.ts';

export const SERVICES = ['auth', 'catalog', 'inventory', 'order', 'gateway'] as const;
export type Service = (typeof SERVICES)[number];

/** Sizes from the environment, so a longer or shorter run needs no edit. */
export const settings = {
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
  products: Number(process.env.BENCH_PRODUCTS ?? 200),
  rates: (process.env.BENCH_CHECKOUT_RATES ?? '1,2,4,8,16').split(',').map(Number),
  rateSeconds: Number(process.env.BENCH_RATE_SECONDS ?? 15),
};

export const log = (line: string) => console.log(`[bench] ${line}`);
export const r1 = (value: number) => Math.round(value * 10) / 10;
export const r2 = (value: number) => Math.round(value * 100) / 100;

export interface Results {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  settings: Record<string, string | number>;
  product?: {
    bare: ClosedLoopResult;
    gateway: ClosedLoopResult;
    rpsRatio: number;
    p99Ratio: number;
  };
  checkout?: {
    floor: FloorResult;
    rates: RateResult[];
    baseline: { p50Ms: number; p99Ms: number; p50Ratio: number; p99Ratio: number };
    bestRate?: { rate: number; confirmedPerSecond: number; p99Ms: number };
  };
  memory?: {
    atRestMiB: Record<string, number>;
    underLoadMiB: Record<string, number>;
    backingMiB: Record<string, number>;
    servicesAtRestMiB: number;
    servicesUnderLoadMiB: number;
    stackUnderLoadMiB: number;
  };
  startup?: {
    bareNestMs: number;
    servicesMs: Record<Service, number>;
    ratios: Record<Service, number>;
  };
  tracing?: { on: ClosedLoopResult; off: ClosedLoopResult; rpsRatio: number };
  notMeasured: string[];
}

export interface RateResult {
  rate: number;
  seconds: number;
  started: number;
  confirmed: number;
  notConfirmed: number;
  skipped: number;
  confirmedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}
