/**
 * How many requests a run sends and how long it may take: a short, bounded form in `npm test`,
 * and a big one with `CHAOS_SCALE=full` (`npm run chaos`).
 */
import type { CaseContext, FuzzCase } from './cases.ts';
import { fuzzCase } from './cases.ts';
import type { Operation } from './openapi.ts';
import { Prng } from './prng.ts';

export interface FuzzScale {
  /** Requests through the gateway, spread evenly over its operations. */
  gatewayRequests: number;
  /** Requests straight at the services, over their own documents. */
  serviceRequests: number;
  /** Wall-clock bound of the HTTP part. */
  timeBudgetMs: number;
  concurrency: number;
  seed: number;
}

export function fuzzScale(env: NodeJS.ProcessEnv = process.env): FuzzScale {
  const seed = Number.parseInt(env.CHAOS_SEED ?? '', 10);
  const full = env.CHAOS_SCALE === 'full';
  return {
    gatewayRequests: full ? 30_000 : 3_000,
    serviceRequests: full ? 16_000 : 1_600,
    timeBudgetMs: full ? 30 * 60_000 : 100_000,
    concurrency: full ? 12 : 8,
    seed: Number.isFinite(seed) ? seed : 20_231_101,
  };
}

/**
 * `total` cases over `operations`, interleaved (one per operation in turn) so that a run cut short
 * by its time bound has still tried every operation about as often.
 */
export function planCases(
  operations: readonly Operation[],
  total: number,
  ctx: CaseContext,
  rng: Prng,
): FuzzCase[] {
  const perOperation = Math.max(1, Math.ceil(total / Math.max(1, operations.length)));
  const generators = operations.map((op) => ({ op, rng: rng.fork(`${op.method} ${op.path}`) }));
  const cases: FuzzCase[] = [];
  for (let index = 0; index < perOperation; index++) {
    for (const { op, rng: own } of generators) cases.push(fuzzCase(op, index, ctx, own));
  }
  return cases.slice(0, Math.max(total, operations.length));
}
