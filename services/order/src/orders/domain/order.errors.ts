import type { OrderStatus } from '@shop/contracts';
import { DomainError } from '@shop/platform-http';

/** Also the answer for another customer's order: its existence is not theirs to learn. */
export class OrderNotFoundError extends DomainError {
  readonly code = 'ORDER.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(orderId: string) {
    super(`Order ${orderId} does not exist.`, { details: { orderId } });
  }
}

export class InvalidTransitionError extends DomainError {
  readonly code = 'ORDER.INVALID_TRANSITION';
  readonly kind = 'conflict';
  constructor(orderId: string, from: OrderStatus, to: OrderStatus) {
    super(`Order ${orderId} is ${from} and cannot become ${to}.`, {
      details: { orderId, status: from, requested: to },
    });
  }
}

/** The lines of an order break a rule of orders themselves (not of carts). */
export class InvalidOrderLinesError extends DomainError {
  readonly code = 'ORDER.INVALID_LINES';
  readonly kind = 'unprocessable';
  constructor(reason: string) {
    super(`The order's lines are invalid: ${reason}.`);
  }
}

/** One order is paid in one currency; the contract's total could not add up otherwise. */
export class MixedCurrenciesError extends DomainError {
  readonly code = 'ORDER.MIXED_CURRENCIES';
  readonly kind = 'unprocessable';
  constructor(currencies: string[]) {
    super(`An order is priced in one currency; these lines use ${currencies.join(', ')}.`, {
      details: { currencies },
    });
  }
}
