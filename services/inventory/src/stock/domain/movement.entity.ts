import type { HoldOperation, StockDelta, StockLevel } from './stock.entity.js';

/** Why a SKU's stock changed: an operation of the order flow, or an admin's correction. */
export type MovementKind = HoldOperation | 'set' | 'adjust';

/**
 * One change of a SKU's stock, as the ledger keeps it. The stock row carries its latest movement
 * in the same compare-and-set that makes the change, so the ledger can always be completed from
 * the row (see the ledger repository).
 */
export interface Movement {
  /** Unique per change; tells a compare-and-set that timed out whether it was this one that landed. */
  readonly id: string;
  readonly sku: string;
  /** The stock version this change produced. */
  readonly version: number;
  readonly kind: MovementKind;
  readonly delta: StockDelta;
  /** The levels right after the change. */
  readonly after: { available: number; reserved: number; committed: number };
  /** The order id for order-flow changes, the admin's user id for corrections. */
  readonly reference: string;
  /** Free text: the admin's reason, or the order flow's (`expired`, `reservation-failed`...). */
  readonly reason: string;
  readonly at: Date;
}

export function movementOf(
  id: string,
  next: StockLevel,
  change: { kind: MovementKind; delta: StockDelta; reference: string; reason: string; at: Date },
): Movement {
  return {
    id,
    sku: next.sku,
    version: next.version,
    kind: change.kind,
    delta: change.delta,
    after: { available: next.available, reserved: next.reserved, committed: next.committed },
    reference: change.reference,
    reason: change.reason,
    at: change.at,
  };
}
