import { DomainError } from '@shop/platform-http';

/** Fewer units are available than a reservation or an adjustment needs. */
export class InsufficientStockError extends DomainError {
  readonly code = 'INVENTORY.INSUFFICIENT_STOCK';
  readonly kind = 'conflict';

  constructor(
    readonly sku: string,
    readonly requested: number,
    readonly available: number,
  ) {
    super(`SKU ${sku} has ${available} units available; ${requested} are needed.`, {
      details: { sku, requested, available },
    });
  }
}

/** Inventory holds no stock row for the SKU (the catalog never announced it, nobody set it). */
export class SkuNotFoundError extends DomainError {
  readonly code = 'INVENTORY.SKU_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(readonly sku: string) {
    super(`SKU ${sku} is not stocked.`, { details: { sku } });
  }
}

/** A hold is in a state the operation cannot start from (commit of a released hold). */
export class HoldConflictError extends DomainError {
  readonly code = 'INVENTORY.HOLD_CONFLICT';
  readonly kind = 'conflict';

  constructor(sku: string, holdId: string, state: string, operation: string) {
    super(`Cannot ${operation} the hold of ${holdId} on ${sku}: it is ${state}.`, {
      details: { sku, holdId, state, operation },
    });
  }
}

/** Every compare-and-set attempt lost a race: the SKU is too hot right now. Retry later. */
export class StockContendedError extends DomainError {
  readonly code = 'INVENTORY.STOCK_CONTENDED';
  readonly kind = 'unavailable';

  constructor(sku: string, attempts: number) {
    super(`Stock of ${sku} changed under ${attempts} attempts in a row; try again.`, {
      details: { sku, attempts },
      retryAfterSeconds: 1,
    });
  }
}

/**
 * A compare-and-set timed out and the SERIAL read that should tell whether it landed failed too.
 * Nothing is retried blindly: the caller retries the whole idempotent operation later.
 */
export class StockWriteUnresolvedError extends DomainError {
  readonly code = 'INVENTORY.WRITE_UNRESOLVED';
  readonly kind = 'unavailable';

  constructor(sku: string, cause: unknown) {
    super(`Could not tell whether a change of ${sku} was applied; try again.`, {
      details: { sku },
      retryAfterSeconds: 1,
      cause,
    });
  }
}
