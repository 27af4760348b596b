import { HoldConflictError, InsufficientStockError } from './stock.errors.js';

/**
 * A SKU's units, split by what they are for. `available + reserved + committed` changes only by
 * a stock adjustment; the order flow moves units between the three. `version` rises by one per
 * change: every write is a compare-and-set on it.
 */
export interface StockLevel {
  readonly sku: string;
  readonly available: number;
  readonly reserved: number;
  readonly committed: number;
  readonly version: number;
}

export interface StockDelta {
  readonly available: number;
  readonly reserved: number;
  readonly committed: number;
}

/**
 * Where one order's units of one SKU are. A hold is written in the same lightweight transaction
 * as the stock change it records, which is what makes each operation idempotent and lets a
 * release fence off a reserve that has not landed yet.
 */
export type HoldState = 'HELD' | 'COMMITTED' | 'RELEASED' | 'RESTOCKED';

export interface Hold {
  readonly state: HoldState;
  readonly quantity: number;
}

/** The stock operations of the order flow, each keyed by (SKU, order). */
export type HoldOperation = 'reserve' | 'release' | 'commit' | 'restock';

/** What a hold operation does, decided from the current stock row and hold. */
export type HoldDecision =
  /** Change the stock and move the hold to `hold`. */
  | { kind: 'apply'; level: StockLevel; delta: StockDelta; hold: Hold }
  /** The operation landed before (a redelivery, a concurrent handler, a write that timed out). */
  | { kind: 'already' }
  /** A release before any reserve: record the hold as RELEASED so a late reserve cannot land. */
  | { kind: 'fence'; hold: Hold }
  /** A reserve of a hold that was already released or fenced: the reservation was given up. */
  | { kind: 'refused' };

const noDelta: StockDelta = { available: 0, reserved: 0, committed: 0 };

/** The level after `delta`, one version on; throws if any bucket would go below zero. */
export function changeLevel(level: StockLevel, delta: StockDelta): StockLevel {
  const next: StockLevel = {
    sku: level.sku,
    available: level.available + delta.available,
    reserved: level.reserved + delta.reserved,
    committed: level.committed + delta.committed,
    version: level.version + 1,
  };
  if (next.available < 0) {
    throw new InsufficientStockError(level.sku, -delta.available, level.available);
  }
  // Reserved or committed below zero can only be a bug: refuse rather than corrupt the row.
  if (next.reserved < 0 || next.committed < 0) {
    throw new Error(`stock of ${level.sku} would go negative: ${JSON.stringify(next)}`);
  }
  return next;
}

function apply(level: StockLevel, delta: StockDelta, hold: Hold): HoldDecision {
  return { kind: 'apply', level: changeLevel(level, delta), delta, hold };
}

/**
 * Decides a hold operation. `quantity` is what the order asks for; a release, commit or restock
 * moves what the hold actually holds.
 */
export function decideHold(
  level: StockLevel,
  holdId: string,
  hold: Hold | undefined,
  operation: HoldOperation,
  quantity: number,
): HoldDecision {
  const conflict = () =>
    new HoldConflictError(level.sku, holdId, hold?.state ?? 'absent', operation);
  switch (operation) {
    case 'reserve':
      if (hold === undefined) {
        if (level.available < quantity) {
          throw new InsufficientStockError(level.sku, quantity, level.available);
        }
        return apply(
          level,
          { ...noDelta, available: -quantity, reserved: quantity },
          { state: 'HELD', quantity },
        );
      }
      return hold.state === 'RELEASED' ? { kind: 'refused' } : { kind: 'already' };
    case 'release':
      if (hold === undefined) return { kind: 'fence', hold: { state: 'RELEASED', quantity } };
      if (hold.state === 'RELEASED') return { kind: 'already' };
      if (hold.state !== 'HELD') throw conflict();
      return apply(
        level,
        { ...noDelta, available: hold.quantity, reserved: -hold.quantity },
        { state: 'RELEASED', quantity: hold.quantity },
      );
    case 'commit':
      if (hold?.state === 'COMMITTED' || hold?.state === 'RESTOCKED') return { kind: 'already' };
      if (hold?.state !== 'HELD') throw conflict();
      return apply(
        level,
        { ...noDelta, reserved: -hold.quantity, committed: hold.quantity },
        { state: 'COMMITTED', quantity: hold.quantity },
      );
    case 'restock':
      if (hold?.state === 'RESTOCKED') return { kind: 'already' };
      if (hold?.state !== 'COMMITTED') throw conflict();
      return apply(
        level,
        { ...noDelta, committed: -hold.quantity, available: hold.quantity },
        { state: 'RESTOCKED', quantity: hold.quantity },
      );
  }
}

/** An admin correction of the available units: the level after it, or undefined if unchanged. */
export function setAvailable(
  level: StockLevel,
  available: number,
): { level: StockLevel; delta: StockDelta } | undefined {
  if (available === level.available) return undefined;
  const delta = { ...noDelta, available: available - level.available };
  return { level: changeLevel(level, delta), delta };
}

/** A delivery (positive) or a write-off (negative); a write-off beyond what is available fails. */
export function adjustAvailable(
  level: StockLevel,
  by: number,
): { level: StockLevel; delta: StockDelta } {
  const delta = { ...noDelta, available: by };
  return { level: changeLevel(level, delta), delta };
}

/** A SKU's row before anything was stocked. */
export function emptyLevel(sku: string): StockLevel {
  return { sku, available: 0, reserved: 0, committed: 0, version: 0 };
}
