import { DomainError } from '@shop/platform-http';

export class CartEmptyError extends DomainError {
  readonly code = 'CART.EMPTY';
  readonly kind = 'unprocessable';
  constructor() {
    super('The cart is empty: there is nothing to order.');
  }
}

/** Unknown to the price projection, or archived by the catalog. */
export class ProductUnavailableError extends DomainError {
  readonly code = 'CART.PRODUCT_UNAVAILABLE';
  readonly kind = 'unprocessable';
  constructor(skus: string[]) {
    super(`Not for sale: ${skus.join(', ')}.`, { details: { skus } });
  }
}

export class CartFullError extends DomainError {
  readonly code = 'CART.TOO_MANY_LINES';
  readonly kind = 'unprocessable';
  constructor(maxLines: number) {
    super(`A cart holds at most ${maxLines} different products.`, { details: { maxLines } });
  }
}

export class CartQuantityError extends DomainError {
  readonly code = 'CART.QUANTITY_OUT_OF_RANGE';
  readonly kind = 'unprocessable';
  constructor(sku: string, quantity: number, max: number) {
    super(`${sku}: a cart line holds 1 to ${max} units, not ${quantity}.`, {
      details: { sku, quantity, max },
    });
  }
}

export class CartItemNotFoundError extends DomainError {
  readonly code = 'CART.ITEM_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(sku: string) {
    super(`${sku} is not in the cart.`, { details: { sku } });
  }
}

export class CurrencyUnsupportedError extends DomainError {
  readonly code = 'CART.CURRENCY_UNSUPPORTED';
  readonly kind = 'unprocessable';
  constructor(sku: string, currency: string, storeCurrency: string) {
    super(`${sku} is priced in ${currency}; this store sells in ${storeCurrency}.`, {
      details: { sku, currency, storeCurrency },
    });
  }
}

/** The client said which total it expects to pay, and prices changed since it looked. */
export class CartTotalChangedError extends DomainError {
  readonly code = 'CART.TOTAL_CHANGED';
  readonly kind = 'conflict';
  constructor(expected: number, actual: number, currency: string) {
    super(`The cart's total is now ${actual} ${currency} (minor units), not ${expected}.`, {
      details: { expected, actual, currency },
    });
  }
}

/** Concurrent changes to one cart kept colliding; the client may simply retry. */
export class CartConflictError extends DomainError {
  readonly code = 'CART.CONFLICT';
  readonly kind = 'conflict';
  constructor() {
    super('The cart changed while it was being updated; try again.');
  }
}

export class CartStoreUnavailableError extends DomainError {
  readonly code = 'CART.UNAVAILABLE';
  readonly kind = 'unavailable';
  constructor(cause: unknown) {
    super('Carts are unavailable right now; try again shortly.', { cause, retryAfterSeconds: 2 });
  }
}
