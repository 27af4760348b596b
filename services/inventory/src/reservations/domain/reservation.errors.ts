import { DomainError } from '@shop/platform-http';

/** No reservation exists for the order an event refers to. */
export class ReservationNotFoundError extends DomainError {
  readonly code = 'INVENTORY.RESERVATION_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(orderId: string) {
    super(`No reservation exists for order ${orderId}.`, { details: { orderId } });
  }
}

/** An event names a reservation other than the order's own. */
export class ReservationMismatchError extends DomainError {
  readonly code = 'INVENTORY.RESERVATION_MISMATCH';
  readonly kind = 'conflict';

  constructor(orderId: string, expected: string, actual: string) {
    super(`Order ${orderId} holds reservation ${expected}, not ${actual}.`, {
      details: { orderId, expected, actual },
    });
  }
}

/** The reservation's status does not allow what was asked (confirming a failed reservation). */
export class InvalidReservationTransitionError extends DomainError {
  readonly code = 'INVENTORY.INVALID_TRANSITION';
  readonly kind = 'conflict';

  constructor(orderId: string, status: string, action: string) {
    super(`Cannot ${action} the reservation of order ${orderId}: it is ${status}.`, {
      details: { orderId, status, action },
    });
  }
}

/** An order that cannot be reserved as given (no lines, a SKU twice, a quantity below one). */
export class InvalidReservationLinesError extends DomainError {
  readonly code = 'INVENTORY.INVALID_LINES';
  readonly kind = 'invalid';

  constructor(orderId: string, reason: string) {
    super(`Order ${orderId} cannot be reserved: ${reason}.`, { details: { orderId } });
  }
}
